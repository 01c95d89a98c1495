//! Undo as a stack of inverse changes: [`Session::apply`] records, for every
//! entity it touches, where it was and what it was before; [`Session::undo`]
//! plays those pieces back in reverse. It works the same for every kind of
//! change, deletions with everything they took along included.
//!
//! Undoing an addition takes the item out together with anything that has
//! come to refer to it since (a card marked on a new element outside the
//! undo stack, say), so an undo never leaves a link to something missing.
//! Undone in order (a stack), the session is restored exactly.

use chrono::{DateTime, Utc};

use super::change;
use super::{
    Approach, Boundary, Dealt, Element, EventKind, Excursion, Mitigation, Parked, Retro, SchemeRef,
    Session, Threat,
};

/// What undoes one change: hand it to [`Session::undo`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inverse {
    what: String,
    pieces: Vec<Piece>,
}

impl Inverse {
    /// The change in words, for the status bar and the timeline
    /// ("delete threat T4").
    pub fn what(&self) -> &str {
        &self.what
    }
}

/// The previous state of one thing a change touched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Model(Op<Element>),
    Boundaries(Op<Boundary>),
    /// Boxed: a threat with its ratings is the largest item by far.
    Threats(Box<Op<Threat>>),
    Dealt(Op<Dealt>),
    Parking(Op<Parked>),
    Excursions(Op<Excursion>),
    Mitigations(Op<Mitigation>),
    Approach(Approach),
    Scheme(SchemeRef),
    Retro(Retro),
    Participants(Vec<String>),
    Agreed(Option<DateTime<Utc>>),
}

/// What happened to an item of a list, with its position and value: the
/// value added, or the value before a change or a removal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Op<T> {
    Added(usize, T),
    Changed(usize, T),
    Removed(usize, T),
}

/// A list of the session that changes record.
pub(crate) trait Item: Clone + PartialEq + Sized {
    fn list(s: &mut Session) -> &mut Vec<Self>;
    fn wrap(op: Op<Self>) -> Piece;
    /// Whether items have ids (so at most one of each can be in the list).
    const KEYED: bool = true;
    /// The same item (by id; by value for items without one).
    fn same(&self, other: &Self) -> bool;
    /// Takes an added item out again, with what refers to it.
    fn take_out(tx: &mut Tx<'_>, item: &Self) {
        let list = Self::list(tx.s);
        if let Some(i) = list.iter().position(|x| x.same(item)) {
            list.remove(i);
        }
    }
}

/// A list of items with an `id`, kept in `Session::$list` and recorded as
/// `$wrap(op)`; an added one is taken out again with `$delete`, which also
/// unlinks what refers to it (without one, it is simply removed).
macro_rules! keyed_item {
    ($t:ty, $list:ident, $wrap:expr $(, $delete:path)?) => {
        impl Item for $t {
            fn list(s: &mut Session) -> &mut Vec<Self> {
                &mut s.$list
            }
            fn wrap(op: Op<Self>) -> Piece {
                $wrap(op)
            }
            fn same(&self, other: &Self) -> bool {
                self.id == other.id
            }
            $(
                fn take_out(tx: &mut Tx<'_>, item: &Self) {
                    $delete(tx, item.id);
                }
            )?
        }
    };
}

keyed_item!(Element, model, Piece::Model, change::model::delete_element);
keyed_item!(
    Boundary,
    boundaries,
    Piece::Boundaries,
    change::model::delete_boundary
);
keyed_item!(
    Threat,
    threats,
    |op| Piece::Threats(Box::new(op)),
    change::threats::delete_threat
);
keyed_item!(Parked, parking, Piece::Parking, change::lot::delete_parked);
keyed_item!(Excursion, excursions, Piece::Excursions);
keyed_item!(Mitigation, mitigations, Piece::Mitigations);

impl Item for Dealt {
    const KEYED: bool = false;
    fn list(s: &mut Session) -> &mut Vec<Self> {
        &mut s.dealt
    }
    fn wrap(op: Op<Self>) -> Piece {
        Piece::Dealt(op)
    }
    fn same(&self, other: &Self) -> bool {
        self == other
    }
}

/// A change in progress: every edit of the session goes through it and
/// leaves a [`Piece`] behind.
pub(crate) struct Tx<'a> {
    pub(crate) s: &'a mut Session,
    pieces: Vec<Piece>,
    events: usize,
}

impl<'a> Tx<'a> {
    pub(crate) fn new(s: &'a mut Session) -> Self {
        let events = s.timeline.len();
        Self {
            s,
            pieces: Vec::new(),
            events,
        }
    }

    pub(crate) fn add<T: Item>(&mut self, item: T) {
        let list = T::list(self.s);
        list.push(item.clone());
        let pos = list.len() - 1;
        self.pieces.push(T::wrap(Op::Added(pos, item)));
    }

    /// Changes the item at `pos` with `f`, if there is one.
    pub(crate) fn update<T: Item>(&mut self, pos: usize, f: impl FnOnce(&mut T)) {
        let Some(slot) = T::list(self.s).get_mut(pos) else {
            return;
        };
        let old = slot.clone();
        f(slot);
        if *slot != old {
            self.pieces.push(T::wrap(Op::Changed(pos, old)));
        }
    }

    pub(crate) fn remove<T: Item>(&mut self, pos: usize) {
        let list = T::list(self.s);
        if pos < list.len() {
            let old = list.remove(pos);
            self.pieces.push(T::wrap(Op::Removed(pos, old)));
        }
    }

    /// Removes every item that `hit` picks, last first.
    pub(crate) fn remove_where<T: Item>(&mut self, hit: impl Fn(&T) -> bool) {
        let picked: Vec<usize> = T::list(self.s)
            .iter()
            .enumerate()
            .filter(|(_, x)| hit(x))
            .map(|(i, _)| i)
            .collect();
        for pos in picked.into_iter().rev() {
            self.remove::<T>(pos);
        }
    }

    /// Changes with `f` every item that `hit` picks.
    pub(crate) fn update_where<T: Item>(&mut self, hit: impl Fn(&T) -> bool, f: impl Fn(&mut T)) {
        let picked: Vec<usize> = T::list(self.s)
            .iter()
            .enumerate()
            .filter(|(_, x)| hit(x))
            .map(|(i, _)| i)
            .collect();
        for pos in picked {
            self.update::<T>(pos, &f);
        }
    }

    pub(crate) fn set_approach(&mut self, approach: Approach) {
        let old = std::mem::replace(&mut self.s.approach, approach);
        self.pieces.push(Piece::Approach(old));
    }

    pub(crate) fn set_participants(&mut self, names: Vec<String>) {
        let old = std::mem::replace(&mut self.s.participants, names);
        self.pieces.push(Piece::Participants(old));
    }

    pub(crate) fn set_scheme(&mut self, scheme: SchemeRef) {
        let old = std::mem::replace(&mut self.s.scheme, scheme);
        self.pieces.push(Piece::Scheme(old));
    }

    pub(crate) fn set_retro(&mut self, retro: Retro) {
        let old = std::mem::replace(&mut self.s.retro, retro);
        self.pieces.push(Piece::Retro(old));
    }

    pub(crate) fn set_agreed(&mut self, at: Option<DateTime<Utc>>) {
        let old = std::mem::replace(&mut self.s.model_agreed, at);
        self.pieces.push(Piece::Agreed(old));
    }

    pub(crate) fn log(&mut self, at: DateTime<Utc>, kind: EventKind) {
        self.s.log(at, kind);
    }

    pub(crate) fn finish(self, what: String) -> Inverse {
        Inverse {
            what,
            pieces: self.pieces,
        }
    }

    /// Puts everything back as it was before the change began, timeline
    /// included (for a change refused half-way).
    pub(crate) fn roll_back(self) {
        let Tx { s, pieces, events } = self;
        revert_all(s, pieces);
        s.timeline.truncate(events);
    }
}

impl Session {
    /// Undoes a change made with [`Session::apply`] and logs
    /// `Undone { what }`. Hand inverses back in the reverse order they came
    /// (a stack).
    pub fn undo(&mut self, inverse: Inverse, now: DateTime<Utc>) {
        let Inverse { what, pieces } = inverse;
        revert_all(self, pieces);
        self.log(now, EventKind::Undone { what });
    }
}

fn revert_all(s: &mut Session, pieces: Vec<Piece>) {
    for piece in pieces.into_iter().rev() {
        match piece {
            Piece::Model(op) => revert(s, op),
            Piece::Boundaries(op) => revert(s, op),
            Piece::Threats(op) => revert(s, *op),
            Piece::Dealt(op) => revert(s, op),
            Piece::Parking(op) => revert(s, op),
            Piece::Excursions(op) => revert(s, op),
            Piece::Mitigations(op) => revert(s, op),
            Piece::Approach(a) => s.approach = a,
            Piece::Scheme(r) => s.scheme = r,
            Piece::Retro(r) => s.retro = r,
            Piece::Participants(p) => s.participants = p,
            Piece::Agreed(at) => s.model_agreed = at,
        }
    }
}

fn revert<T: Item>(s: &mut Session, op: Op<T>) {
    match op {
        Op::Added(_, item) => {
            let mut tx = Tx::new(s);
            T::take_out(&mut tx, &item);
        }
        Op::Changed(pos, old) => {
            let list = T::list(s);
            if let Some(i) = find(list, pos, &old) {
                list[i] = old;
            }
        }
        Op::Removed(pos, old) => {
            let list = T::list(s);
            match find(list, pos, &old).filter(|_| T::KEYED) {
                Some(i) => list[i] = old,
                None => list.insert(pos.min(list.len()), old),
            }
        }
    }
}

/// Where `item` is: at `pos` as recorded, or wherever it has moved to.
fn find<T: Item>(list: &[T], pos: usize, item: &T) -> Option<usize> {
    if list.get(pos).is_some_and(|x| x.same(item)) {
        Some(pos)
    } else {
        list.iter().position(|x| x.same(item))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::{Clock, FixedClock};
    use crate::deck::ElementKind;
    use crate::session::{Change, ElementDraft, PhaseScript};

    fn session() -> Session {
        let now = FixedClock::workshop_morning().now();
        let mut s = Session::new("S", 60, vec!["Ada".into()], &PhaseScript::builtin(), now);
        for name in ["A", "B", "C"] {
            let draft = ElementDraft::new(ElementKind::Process, name);
            s.apply(Change::AddElement(draft), now).expect("added");
        }
        s
    }

    #[test]
    fn a_change_refused_half_way_is_rolled_back_timeline_and_all() {
        let mut s = session();
        let before = s.clone();
        let mut tx = Tx::new(&mut s);
        tx.remove::<Element>(0);
        tx.update(0, |e: &mut Element| e.name = "Renamed".into());
        tx.set_participants(vec![]);
        tx.set_agreed(Some(before.created));
        tx.log(before.created, EventKind::ModelAgreed);
        tx.roll_back();
        assert_eq!(s, before);
    }

    #[test]
    fn a_removed_item_that_is_back_already_is_not_doubled() {
        let mut s = session();
        let mut tx = Tx::new(&mut s);
        tx.remove::<Element>(1);
        let inverse = tx.finish("delete".into());
        let b = session().model[1].clone();
        s.model.push(b);
        s.undo(inverse, s.created);
        assert_eq!(s.model.iter().filter(|e| e.name == "B").count(), 1);
    }
}
