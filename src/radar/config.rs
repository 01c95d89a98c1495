//! The radar's thresholds, with their defaults. They are read from the
//! `radar` section of `config.ron` (see `crate::config`); every field may
//! be left out, and then has the default written here.

use serde::{Deserialize, Serialize};

/// Every number a detector compares with. Minutes are whole minutes,
/// percentages whole percent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// `false` turns the radar off.
    pub enabled: bool,
    /// Seed IDs of detectors to switch off (`["2.1.11b"]`).
    pub disabled: Vec<String>,

    /// [2.1.5] Minutes of discovery before its pace is judged.
    pub pace_after_minutes: u32,
    /// [2.1.6] Threats in a row decided "not a threat" or accepted without
    /// action.
    pub irrelevant_streak: u32,
    /// [2.1.7] More threats than this, and fewer than
    /// `big_picture_rated_percent` of them rated.
    pub big_picture_threats: u32,
    pub big_picture_rated_percent: u32,
    /// [2.1.8] Of the last `focus_window` threats, this many or more about
    /// elements other than the one on the card.
    pub focus_window: u32,
    pub focus_off: u32,
    /// [2.1.9] An excursion longer than this.
    pub excursion_minutes: u32,
    /// [2.1.9] One card or threat discussed longer than this.
    pub discussion_minutes: u32,
    /// [2.1.11b] A threat recategorised this many times or more.
    pub recategorised: u32,
    /// [1.3.1] Fewer elements than this when phase 1 ends.
    pub min_elements: u32,
    /// [1.3.2] More elements than this.
    pub max_elements: u32,
    /// [3.1.5] [3.1.7] Judged only with at least this many rated threats.
    pub bias_min_rated: u32,
    /// [3.1.5] More than this share COULD or NO NEED.
    pub all_acceptable_percent: u32,
    /// [3.1.7] More than this share MUST.
    pub all_critical_percent: u32,
    /// [3.1.8] More than this share of suggestions overridden, judged with
    /// at least `override_min_rated` ratings.
    pub override_percent: u32,
    pub override_min_rated: u32,
    /// [3.1.10] More minutes than this per rating, on average.
    pub minutes_per_rating: u32,
    /// [3.2.2] More essential mitigations than this for a COULD or NO NEED
    /// threat.
    pub overkill_essentials: u32,
    /// [X.1.1] Judged with at least this many participants and attributed
    /// items; one person raising more than `one_voice_percent` of them.
    pub voices_min_participants: u32,
    pub voices_min_items: u32,
    pub one_voice_percent: u32,
    /// [T.1] The session projected to end more than this share past its
    /// budget.
    pub overrun_percent: u32,
    /// [T.2] A break longer than this.
    pub break_minutes: u32,
    /// How long `z` snoozes a flag.
    pub snooze_minutes: u32,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            enabled: true,
            disabled: Vec::new(),
            pace_after_minutes: 5,
            irrelevant_streak: 3,
            big_picture_threats: 20,
            big_picture_rated_percent: 33,
            focus_window: 5,
            focus_off: 3,
            excursion_minutes: 5,
            discussion_minutes: 8,
            recategorised: 2,
            min_elements: 3,
            max_elements: 25,
            bias_min_rated: 8,
            all_acceptable_percent: 70,
            all_critical_percent: 60,
            override_percent: 30,
            override_min_rated: 5,
            minutes_per_rating: 3,
            overkill_essentials: 3,
            voices_min_participants: 3,
            voices_min_items: 10,
            one_voice_percent: 60,
            overrun_percent: 15,
            break_minutes: 15,
            snooze_minutes: 10,
        }
    }
}
