//! The notes exports: `md` (wiki notes with a Mermaid diagram), `csv` (one
//! row per mitigation for a tracker) and `issues` (one Markdown file per
//! essential mitigation). Snapshots of the example session, the example
//! files in `sessions/exports/` kept current (regenerate with
//! `TAMER_WRITE_EXAMPLES=1 cargo test --test export_notes`), and hostile
//! text that must come out as text.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use tamer::deck::Library;
use tamer::export::{Context, csv as csv_export, issues, md};
use tamer::radar::{self, Severity};
use tamer::session::{Decision, EventKind, MitigationStatus, ParkedOutcome, Session};
use tamer::store::Store;

const RECORD: &str = "example-payments.ron";

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-30T09:41:00Z")
        .expect("a time")
        .with_timezone(&Utc)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example() -> Session {
    Store::load(&root().join("sessions").join(RECORD)).expect("the example loads")
}

fn with_ctx<T>(f: impl FnOnce(&Context) -> T) -> T {
    let library = Library::builtin();
    let ctx = Context {
        record: RECORD,
        library: &library,
        now: now(),
    };
    f(&ctx)
}

fn issues_as_one(files: &[(String, String)]) -> String {
    files
        .iter()
        .map(|(name, text)| format!("===== {name} =====\n{text}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn snapshot_md() {
    let text = with_ctx(|ctx| md::render(&example(), ctx));
    insta::assert_snapshot!("md", text);
}

#[test]
fn snapshot_csv() {
    let text = with_ctx(|ctx| csv_export::render(&example(), ctx));
    insta::assert_snapshot!("csv", text);
}

#[test]
fn snapshot_issues() {
    let files = with_ctx(|ctx| issues::render(&example(), ctx));
    insta::assert_snapshot!("issues", issues_as_one(&files));
}

/// `sessions/exports/` holds what the exports make of the example today.
#[test]
fn example_exports_are_current() {
    let s = example();
    let (md_text, csv_text, files) = with_ctx(|ctx| {
        (
            md::render(&s, ctx),
            csv_export::render(&s, ctx),
            issues::render(&s, ctx),
        )
    });
    let dir = root().join("sessions").join("exports");
    let issues_dir = dir.join("example-payments-issues");
    let mut wanted: Vec<(PathBuf, String)> = vec![
        (dir.join("example-payments.md"), md_text),
        (dir.join("example-payments.csv"), csv_text),
    ];
    for (name, text) in &files {
        wanted.push((issues_dir.join(name), text.clone()));
    }
    if std::env::var_os("TAMER_WRITE_EXAMPLES").is_some() {
        std::fs::create_dir_all(&issues_dir).expect("the folder is made");
        for entry in std::fs::read_dir(&issues_dir).expect("the folder is read") {
            let path = entry.expect("an entry").path();
            if path.extension().is_some_and(|e| e == "md") {
                std::fs::remove_file(path).expect("a stale issue is removed");
            }
        }
        for (path, text) in &wanted {
            std::fs::write(path, text).expect("an example is written");
        }
    }
    for (path, text) in &wanted {
        let on_disk = std::fs::read_to_string(path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; regenerate with TAMER_WRITE_EXAMPLES=1",
                path.display()
            )
        });
        assert_eq!(
            &on_disk,
            text,
            "{} is stale; regenerate with TAMER_WRITE_EXAMPLES=1",
            path.display()
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(&issues_dir)
        .expect("the issues folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let mut expected: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    expected.sort();
    assert_eq!(
        names, expected,
        "one file per live essential mitigation, no more"
    );
}

const TITLE: &str = "| <script>alert(1)</script> **x**";

/// Texts no renderer may turn into markup; each one goes somewhere in
/// the hostile session and must come out as literal text.
const HOSTILE: &[&str] = &[
    "`rm -rf` [link](javascript:x)",
    "# heading",
    "</code><img src=x onerror=alert(1)>",
    "![img](http://x/y.png) _em_ ~~gone~~",
    "> quoted \\ back\\slash &amp; &lt;b&gt;",
    "- listed",
    "1. numbered",
    "[ref]: http://evil.example",
    "=HYPERLINK(\"http://evil.example\",\"click\")",
    "a | b | c",
    "%%{init: {'theme':'dark'}}%% \"]; click P2 call alert(1)",
    "<b>bold</b> *star* __under__",
    "a cell ending in a backslash \\",
    "an escaped \\| pipe and a \\\\| doubled one",
];

/// The example with every piece of text replaced by a hostile one, and a
/// line break followed by `---` wherever text may hold line breaks.
fn hostile() -> Session {
    let mut s = example();
    let mut i = 0usize;
    let mut next = || {
        i += 1;
        HOSTILE[i % HOSTILE.len()].to_owned()
    };
    let multi = |t: String| format!("{t}\n---\n=====");
    s.title = TITLE.to_owned();
    s.participants = vec![next(), next(), "Ada".into()];
    s.approach.scope = multi(next());
    s.approach.out_of_scope = HOSTILE.join("\n");
    s.approach.security_level = next();
    s.approach.facilitator = Some(next());
    s.approach.note_keeper = Some("Ada".into());
    for b in &mut s.boundaries {
        b.name = next();
        b.description = multi(next());
    }
    for e in &mut s.model {
        e.name = next();
        e.description = multi(next());
        if let Some(f) = &mut e.flow {
            f.carries = next();
            f.protocol = next();
        }
    }
    // Table cells: a trailing backslash and escaped pipes.
    s.model[0].name = HOSTILE[12].to_owned();
    s.model[1].description = HOSTILE[13].to_owned();
    for t in &mut s.threats {
        t.title = next();
        t.description = multi(next());
        t.category = Some(next());
        t.raised_by = Some(next());
        if let Some(r) = &mut t.rating {
            r.override_reason = next();
        }
        if let Some(Decision::Accept { reason, by }) = &mut t.decision {
            *reason = next();
            *by = next();
        }
        if let Some(r) = &mut t.review {
            r.note = next();
        }
    }
    // One threat of each decision with words.
    s.threats[1].decision = Some(Decision::Transfer { to: next() });
    s.threats[3].decision = Some(Decision::NotAThreat { reason: next() });
    for m in &mut s.mitigations {
        m.title = next();
        m.description = multi(next());
        m.criteria = next();
        m.owner = next();
    }
    let mut wont = s.mitigations[0].clone();
    wont.id = 9;
    wont.status = MitigationStatus::WontDo { reason: next() };
    s.mitigations.push(wont);
    for p in &mut s.parking {
        p.text = next();
        p.raised_by = Some(next());
        if let Some(ParkedOutcome::Dropped { reason }) = &mut p.outcome {
            *reason = next();
        }
    }
    for x in &mut s.excursions {
        x.topic = next();
        x.outcome = next();
    }
    s.threats[0]
        .rating
        .as_mut()
        .expect("the example's T1 is rated")
        .scheme
        .id = next();
    let at = s.created + chrono::TimeDelta::minutes(20);
    let (flag, subject) = ("2.1.4".to_owned(), next());
    s.timeline.push(tamer::session::Event {
        at,
        kind: EventKind::RadarRaised {
            flag: flag.clone(),
            subject: subject.clone(),
            severity: Severity::Warn,
            evidence: next(),
        },
    });
    s.timeline.push(tamer::session::Event {
        at,
        kind: EventKind::RadarAcknowledged { flag, subject },
    });
    for l in s
        .retro
        .went_well
        .iter_mut()
        .chain(&mut s.retro.change)
        .chain(&mut s.retro.lessons)
    {
        l.text = next();
        l.by = Some(next());
    }
    s
}

/// What a Markdown reader sees: the events of a CommonMark parser with
/// GitHub's tables and strikethrough.
fn events(text: &str) -> Vec<Event<'_>> {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    Parser::new_ext(text, opts).collect()
}

/// The headings the notes make themselves; anything else came from text.
const HEADINGS: &[&str] = &[
    "Participants and roles",
    "Approach",
    "Time per phase",
    "Counts",
    "System model",
    "Elements",
    "Data flows",
    "Trust boundaries",
    "Threats by decision",
    "Mitigate (",
    "Accept (",
    "Transfer (",
    "Avoid (",
    "Not a threat (",
    "Undecided (",
    "Mitigations",
    "Essential (",
    "Ideas for some day (",
    "Remaining risk",
    "Still open: MUST or SHOULD",
    "Residual rating still",
    "Accepted risks (",
    "Parking lot",
    "Excursions",
    "The session's own threats (",
    "Retro",
    "Went well (",
    "To change next time (",
    "Lessons learned (",
    "Why",
    "Acceptance criteria",
    "Details",
];

/// Checks that `text` holds no markup that came from the session: no
/// HTML, emphasis, links, images, code spans, quotes, rules, numbered
/// lists or foreign headings; tables keep their shape. Returns the text
/// read, blocks and line breaks as newlines.
fn assert_inert(text: &str, first_heading: &str, mermaid_blocks: usize) -> String {
    let mut read = String::new();
    let mut heading: Option<String> = None;
    let mut headings = Vec::new();
    let mut in_mermaid = false;
    let mut mermaid = Vec::new();
    let (mut head_cells, mut row_cells, mut in_head) = (0usize, 0usize, false);
    for e in events(text) {
        match &e {
            Event::Html(h) | Event::InlineHtml(h) => panic!("HTML in the export: {h:?}"),
            Event::Code(c) => panic!("a code span in the export: {c:?}"),
            Event::Rule => panic!("a thematic break in the export"),
            Event::Start(
                t @ (Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::BlockQuote(_)
                | Tag::HtmlBlock
                | Tag::List(Some(_))),
            ) => panic!("markup from text: {t:?}"),
            Event::Start(Tag::CodeBlock(kind)) => {
                assert_eq!(
                    kind,
                    &CodeBlockKind::Fenced("mermaid".into()),
                    "the only code block is the diagram"
                );
                in_mermaid = true;
                mermaid.push(String::new());
            }
            Event::End(TagEnd::CodeBlock) => in_mermaid = false,
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                headings.push(heading.take().expect("a heading"));
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                head_cells = 0;
            }
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => row_cells = 0,
            Event::Start(Tag::TableCell) => {
                if in_head {
                    head_cells += 1;
                } else {
                    row_cells += 1;
                }
            }
            Event::End(TagEnd::TableRow) => {
                assert_eq!(row_cells, head_cells, "a table row keeps its cells")
            }
            Event::Text(t) if in_mermaid => mermaid.last_mut().expect("a block").push_str(t),
            Event::Text(t) => {
                read.push_str(t);
                if let Some(h) = &mut heading {
                    h.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => read.push('\n'),
            Event::End(_) => read.push('\n'),
            _ => {}
        }
    }
    assert_eq!(headings.first().map(String::as_str), Some(first_heading));
    for h in headings.iter().skip(1) {
        assert!(
            HEADINGS.iter().any(|p| h.starts_with(p)),
            "a heading from text: {h:?}"
        );
    }
    assert_eq!(mermaid.len(), mermaid_blocks, "Mermaid blocks");
    for block in &mermaid {
        assert_mermaid_inert(block);
    }
    read
}

/// Every label is quoted and holds only plain characters and `#N;`
/// entities; outside labels there are only ids and arrows.
fn assert_mermaid_inert(block: &str) {
    for line in block.lines() {
        let parts: Vec<&str> = line.split('"').collect();
        assert!(parts.len() % 2 == 1, "unbalanced quotes: {line}");
        for (i, part) in parts.iter().enumerate() {
            if i % 2 == 1 {
                let plain = part.split('#').enumerate().all(|(k, piece)| {
                    let rest = if k == 0 {
                        piece
                    } else {
                        let Some((code, rest)) = piece.split_once(';') else {
                            return false;
                        };
                        if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
                            return false;
                        }
                        rest
                    };
                    rest.chars()
                        .all(|c| c.is_alphanumeric() || " ,.:/?-".contains(c))
                });
                assert!(plain, "a label with markup: {part:?} in {line}");
            } else {
                assert!(
                    part.chars()
                        .all(|c| c.is_ascii_alphanumeric() || " []()|=>-".contains(c)),
                    "outside a label: {part:?} in {line}"
                );
            }
        }
    }
}

#[test]
fn hostile_text_stays_text_in_the_notes() {
    let s = hostile();
    let text = with_ctx(|ctx| md::render(&s, ctx));
    let read = assert_inert(&text, &format!("Threat model: {TITLE}"), 1);
    for h in HOSTILE {
        assert!(read.contains(h), "{h:?} is not read back literally");
    }
    assert!(read.contains(" / ---"), "a line break and --- stay text");
    for word in ["ending in a backslash", "doubled one"] {
        assert!(
            text.lines()
                .any(|l| l.starts_with("| ") && l.contains(word)),
            "{word:?} is in a table cell"
        );
    }
    // The example itself holds no markup either.
    let plain = with_ctx(|ctx| md::render(&example(), ctx));
    assert_inert(&plain, "Threat model: Payments API", 1);
}

#[test]
fn hostile_text_stays_text_in_the_issues() {
    let s = hostile();
    let files = with_ctx(|ctx| issues::render(&s, ctx));
    assert_eq!(files.len(), 3, "live essential mitigations only");
    let mut all = String::new();
    for (name, text) in &files {
        let m = s
            .mitigations
            .iter()
            .find(|m| {
                name.starts_with(&format!("{}-", m.tag())) || *name == format!("{}.md", m.tag())
            })
            .expect("named after a mitigation");
        all.push_str(&assert_inert(text, &format!("{} {}", m.tag(), m.title), 0));
    }
    for m in s.mitigations.iter().filter(|m| m.essential && m.is_live()) {
        for h in [&m.title, &m.criteria, &m.owner] {
            assert!(all.contains(h.as_str()), "{h:?} is not read back literally");
        }
    }
}

#[test]
fn issue_files_are_named_safely() {
    let mut s = example();
    let names: Vec<String> = with_ctx(|ctx| issues::render(&s, ctx))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(
        names,
        [
            "M1-the-server-computes-the-total-from-the-basket.md",
            "M2-bind-the-session-cookie-to-the-device-and-expire.md",
            "M4-rotate-the-processor-api-key-every-90-days.md",
        ]
    );
    s.mitigations[0].title = "../../etc/passwd".into();
    s.mitigations[1].title = " ../.. /\\ ".into();
    s.mitigations[3].title = "Ünïcödé ÄÖ & <>:\"|?* C:\\con".into();
    s.mitigations[3].id = 12;
    let names: Vec<String> = with_ctx(|ctx| issues::render(&s, ctx))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert_eq!(names, ["M1-etc-passwd.md", "M2.md", "M12-n-c-d-c-con.md"]);
    for n in &names {
        assert!(n.len() <= 60, "{n}");
        assert!(!n.contains("..") && !n.contains('/') && !n.contains('\\'));
        assert!(
            n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-.M".contains(c))
        );
        assert_eq!(
            Path::new(n).file_name().and_then(|f| f.to_str()),
            Some(n.as_str())
        );
    }
}

/// Reads the CSV back with the `csv` crate, header included.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("a record").iter().map(str::to_owned).collect())
        .collect()
}

/// CRLF at the end of every record; a lone LF only inside quotes.
fn assert_crlf(text: &str) {
    assert!(!text.starts_with('\u{feff}'), "no byte order mark");
    assert!(text.ends_with("\r\n"));
    let mut quoted = false;
    let bytes = text.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => assert_eq!(bytes[i - 1], b'\r', "a bare LF at byte {i}"),
            b'\r' if !quoted => assert_eq!(bytes.get(i + 1), Some(&b'\n'), "a bare CR at byte {i}"),
            _ => {}
        }
    }
}

#[test]
fn csv_reads_back_row_by_row() {
    let text = with_ctx(|ctx| csv_export::render(&example(), ctx));
    assert_crlf(&text);
    let rows = parse_csv(&text);
    let expected: Vec<Vec<&str>> = vec![
        vec![
            "title",
            "description",
            "kind",
            "effort",
            "owner",
            "due",
            "status",
            "threats",
            "threat titles",
            "priority",
        ],
        vec![
            "The server computes the total from the basket",
            "The browser sends the basket id only;\nthe amount in the request is ignored\n\n\
             Acceptance criteria: A request with a changed amount is charged the basket total\n\n\
             From the threat model record example-payments.ron, mitigation M1.",
            "essential",
            "M",
            "Ada",
            "2026-12-15",
            "planned",
            "T2",
            "Amount changed between basket and charge",
            "MUST",
        ],
        vec![
            "Bind the session cookie to the device and expire it after 30 minutes",
            "Acceptance criteria: A cookie replayed from another device is refused\n\n\
             From the threat model record example-payments.ron, mitigation M2.",
            "essential",
            "S",
            "Linus",
            "2026-12-08",
            "in progress",
            "T1",
            "Forged session cookie lets someone pay as another shopper",
            "MUST",
        ],
        vec![
            "Alert on charges far above a shopper's usual basket",
            "From the threat model record example-payments.ron, mitigation M3.",
            "idea",
            "L",
            "",
            "",
            "planned",
            "T2; T1",
            "Amount changed between basket and charge; \
             Forged session cookie lets someone pay as another shopper",
            "MUST",
        ],
        vec![
            "Rotate the processor API key every 90 days",
            "Acceptance criteria: The key in use is never older than 90 days\n\n\
             From the threat model record example-payments.ron, mitigation M4.",
            "essential",
            "S",
            "Platform team",
            "",
            "planned",
            "T4",
            "Who rotates the processor API key?",
            "SHOULD",
        ],
    ];
    assert_eq!(rows, expected);
}

#[test]
fn csv_keeps_hostile_cells_whole_and_harmless() {
    let mut s = example();
    s.threats[3].title = "-1+1, \"quoted\"\r\nnext".into();
    s.threats[3].rating = None;
    let m = &mut s.mitigations[3];
    m.title = "=HYPERLINK(\"http://evil.example\",\"click\")".into();
    m.description = "a, b\n\"c\"\r\nd".into();
    m.criteria = "@SUM(A1:A2)".into();
    m.owner = "+cmd|' /C calc'!A0".into();
    m.threats = vec![4, 77];
    s.mitigations[2].status = MitigationStatus::WontDo {
        reason: "later".into(),
    };
    let text = with_ctx(|ctx| csv_export::render(&s, ctx));
    assert_crlf(&text);
    let rows = parse_csv(&text);
    assert_eq!(rows.len(), 4, "the header and the three live mitigations");
    assert!(rows.iter().all(|r| r.len() == 10));
    assert_eq!(
        rows[2][0], s.mitigations[1].title,
        "M3 (won't do) is left out"
    );
    assert_eq!(
        rows[3],
        [
            "'=HYPERLINK(\"http://evil.example\",\"click\")",
            "a, b\n\"c\"\nd\n\nAcceptance criteria: @SUM(A1:A2)\n\n\
             From the threat model record example-payments.ron, mitigation M4.",
            "essential",
            "S",
            "'+cmd|' /C calc'!A0",
            "",
            "planned",
            "T4; T77",
            "'-1+1, \"quoted\"\nnext",
            "",
        ]
    );
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a formula cell: {cell:?}"
            );
        }
    }
}

/// The radar's summary lists every flag the timeline says was raised, with
/// its title from the catalogue.
#[test]
fn the_radar_summary_lists_each_flag_raised() {
    let s = Store::load(&root().join("sessions").join("example-radar.ron")).expect("loads");
    let history = radar::history::history(&s);
    assert!(!history.is_empty(), "the stalled workshop raised flags");
    let text = with_ctx(|ctx| md::render(&s, ctx));
    let heading = format!("## The session's own threats ({})\n\n", history.len());
    let start = text.find(&heading).expect("the radar section") + heading.len();
    let lines: Vec<&str> = text[start..]
        .lines()
        .take_while(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), history.len());
    for (line, o) in lines.iter().zip(&history) {
        let title = radar::title(&o.id).expect("a catalogued seed");
        let expected = format!("- \\[{}\\] {title}", o.id);
        assert!(
            line.starts_with(&expected),
            "{line} does not start with {expected}"
        );
        assert!(
            line.contains(o.outcome().split(',').next().unwrap_or("")),
            "{line}"
        );
    }
}
