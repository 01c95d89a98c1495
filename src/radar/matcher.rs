//! The rewind matcher [2.1.10]: do two threat statements say the same
//! thing?
//!
//! A team that re-raises a threat it already discussed rarely uses the same
//! words twice: "Attacker steals session cookie via XSS" comes back as
//! "session cookies can be stolen using cross-site scripting". Two
//! statements can also share most of their words and still be different
//! threats: stealing the session cookie is not stealing the database backup,
//! and doing it via XSS is not doing it by sniffing Wi-Fi. The matcher works
//! in four steps, each simple enough to explain to the team:
//!
//! 1. **Words.** The text is lowercased and split at anything that is not a
//!    letter or digit ("cross-site" is two words, "user's" is "user" and
//!    "s"). Only the first [`MAX_WORDS`] words are read, and a word longer
//!    than [`MAX_WORD_LEN`] bytes is cut, so odd input costs nothing.
//! 2. **Stems.** Each ASCII word is reduced to its stem with the English
//!    Snowball stemmer (`rust-stemmers`): "steals", "stealing" → "steal".
//!    A word the table does not know also loses an agent "-er" ("fetcher"
//!    meets "fetching").
//! 3. **Concepts.** A small table of security vocabulary (below, [`TABLE`])
//!    maps stems and short phrases to canonical concepts, longest phrase
//!    first: "adversary", "hacker" and "malicious user" are all *attacker*;
//!    "denial of service", "flood", "exhaust" are all *DoS*; "XSS" and
//!    "cross-site scripting" are one *technique*. Each concept has a
//!    [`Kind`]: the *effect* (what the attack does), the *technique* (how),
//!    the *channel* (data at rest or in transit), the *asset* (what is
//!    attacked), a *principal* (someone or something that acts or is acted
//!    upon), an *attribute* (plaintext, public, accidental), or a *weak*
//!    word (data, system) that counts little. Grammar words ("the", "can",
//!    "is") are dropped, except a few that mark what follows: "via", "by",
//!    "from", "to", "between", "in"… A word the table does not know is a
//!    concept of its own (its stem): unknown words are usually the specific
//!    content (the "invoice", the "fetcher"), so they weigh as much as an
//!    effect.
//! 4. **Slots.** The first effect is the statement's verb (else the first
//!    technique said as a verb, "replays"; else a generic one, "injects"),
//!    skipping a participle used as an adjective ("*compromised* dependency
//!    steals…"). What comes before the verb is the subject ("*admin*
//!    impersonates user"), unless the statement is passive or a headline
//!    noun ("session cookies *can be stolen*", "*privilege* escalation"),
//!    where it is the object. After the verb: the object, whose first noun
//!    group is its *core* (the thing attacked), then "via/using/through/
//!    with/by …" (the method), "from …"/"between …" (the source or the
//!    ends of a flow) and "to …" (the destination). "by" followed by
//!    someone (an attacker, a user) names the subject of a passive verb.
//!
//! Two statements **match** when none of these vetoes ([`Veto`]) holds:
//!
//! - *different action*: each one's verb, when it is an effect, must be
//!   among the other's effects, and they must share an effect when both
//!   name some (reads vs deletes the audit log; denies making changes vs
//!   makes changes);
//! - *different method*: both name specific techniques and share none (via
//!   XSS vs by sniffing), or one says at rest and the other in transit
//!   (stores vs sends the token);
//! - *reversed*: the subject of one is the object of the other and the other
//!   way round (admin impersonates user vs user impersonates admin), or the
//!   same for source and destination (client to server vs server to
//!   client), or for object and destination;
//! - *different object*: both have an object core and each core holds
//!   something the other never mentions (the session cookie vs the database
//!   backup; the payment request vs the login request); the same for the
//!   places (between the app and the API vs between the API and the
//!   payment provider). One inside the other is fine ("the cookie" vs "the
//!   victim's cookie");
//! - *accident*: one says it happens by accident, the other does not;
//!
//! and the weighted overlap of their concepts is high: the weight of the
//! concepts both name, over the weight of the concepts either names (a
//! weighted Jaccard index), at least [`MATCH_AT`]. Weights by kind:
//! technique 3, asset 2.5, effect and unknown words 2, principal, attribute
//! and channel 1.5, generic means ("inject", "exploit") 1, weak 0.5, the
//! attacker 0 (every threat has one, said or not). [`Statement::compare`]
//! gives the overlap and the veto, to explain a verdict.
//!
//! The vetoes make the matcher cautious: it misses paraphrases whose words
//! the table does not relate (an "IDOR" described as "changing the user
//! ID"), and one unknown word on each side of the core is enough to keep two
//! statements apart. A missed rewind costs less than a false alarm.
//!
//! **What is read.** The statement is the threat's title only. The
//! description is context written at a different level of detail (often
//! empty, sometimes a paragraph): mixing it in would make a short title and
//! a long description look unlike the same short title without one, and
//! would make every check slower. [`Index`] reads titles only.
//!
//! **Cost.** Building a statement takes a few microseconds; checking one
//! against 1,000 takes about ten (release build): concepts are kept as
//! sorted ids, and a 64-bit signature and the total weights rule most pairs
//! out before any merging.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::session::Session;

/// How many words of a statement are read; the rest is ignored.
pub const MAX_WORDS: usize = 48;
/// Longer words are cut to this many bytes (at a character boundary).
pub const MAX_WORD_LEN: usize = 40;
/// The weighted overlap at or above which two statements match (when no
/// veto holds).
pub const MATCH_AT: f32 = 0.55;

/// What part a known concept plays in a threat statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Who attacks, said or implied: weighs nothing.
    Actor,
    /// An insider, a user, an admin, a client, a server: someone or
    /// something that acts or is acted upon.
    Principal,
    /// What the attack does: steal, tamper, spoof, deny service…
    Effect,
    /// A specific way of attacking: XSS, SQL injection, MITM…
    Technique,
    /// A technique said as a verb ("replays", "brute-forces"): a technique
    /// that can also be the statement's verb.
    TechniqueVerb,
    /// Generic means that name no specific technique ("inject", "exploit").
    Means,
    /// Whether the data is at rest or in transit ("stored", "sent"): a
    /// threat to stored data is not one to data on the move.
    Channel,
    /// What is attacked: a credential, a database, a log…
    Asset,
    /// A property that sets a threat apart (plaintext, public, verbose).
    Attribute,
    /// Generic words that count a little and never tell threats apart.
    Weak,
    /// Phrases that say nothing ("in order to"): dropped like grammar words.
    Filler,
}

impl Kind {
    fn weight(self) -> f32 {
        match self {
            Kind::Actor | Kind::Filler => 0.0,
            Kind::Principal | Kind::Attribute | Kind::Channel => 1.5,
            Kind::Effect => 2.0,
            Kind::Technique | Kind::TechniqueVerb => 3.0,
            Kind::Means => 1.0,
            Kind::Asset => 2.5,
            Kind::Weak => 0.5,
        }
    }

    /// Whether a word of this kind can be the statement's verb.
    fn verb(self) -> bool {
        matches!(self, Kind::Effect | Kind::TechniqueVerb | Kind::Means)
    }

    /// Whether it names the thing attacked (and so can be in an object's
    /// core).
    fn thing(self) -> bool {
        matches!(self, Kind::Principal | Kind::Asset | Kind::Attribute)
    }
}

/// Weight of a word the table does not know.
const UNKNOWN_WEIGHT: f32 = 2.0;

/// The canonical concepts: name, kind, and the words and phrases (separated
/// by `|`) that say it. Words are stemmed when the table is loaded, so one
/// form of each is enough, except irregular ones ("stolen"). A phrase may be
/// listed under two concepts ("api key" is an API key and a credential).
pub const TABLE: &[(&str, Kind, &str)] = &[
    // Who attacks.
    (
        "attacker",
        Kind::Actor,
        "attacker|adversary|hacker|malicious user|malicious actor|threat actor|bad actor|\
         intruder|cybercriminal|criminal|attacker controlled|external attacker|\
         remote attacker|script kiddie|fraudster|scammer",
    ),
    (
        "insider",
        Kind::Principal,
        "insider|malicious insider|rogue employee|disgruntled employee|rogue admin|\
         malicious admin|malicious employee|rogue insider",
    ),
    // Effects: what the attack does.
    (
        "disclose",
        Kind::Effect,
        "steal|stole|stolen|theft|thief|exfiltrate|exfiltration|exfil|leak|leakage|dump|\
         harvest|extract|expose|exposure|disclose|disclosure|reveal|read|readable|view|see|\
         seen|obtain|access|accessible|scrape|copy|retrieve|learn|snoop|grab|export|download|\
         visible|display|shown|intercept|interception|sniff|eavesdrop|wiretap",
    ),
    (
        "tamper",
        Kind::Effect,
        "tamper|modify|modification|alter|alteration|change|manipulate|manipulation|edit|\
         overwrite|overwritten|corrupt|corruption|falsify|rewrite|rewritten",
    ),
    (
        "spoof",
        Kind::Effect,
        "spoof|impersonate|impersonation|forge|forgery|fake|masquerade|pose as|\
         pretend to be|counterfeit",
    ),
    (
        "dos",
        Kind::Effect,
        "dos|ddos|redos|denial of service|deny service|flood|exhaust|exhaustion|overload|\
         overwhelm|crash|take down|taken down|bring down|knock out|starve|starvation|\
         fill|fill up|resource exhaustion|unavailable|availability|outage|slow down|hog",
    ),
    (
        "delete",
        Kind::Effect,
        "delete|deletion|erase|wipe|remove|removal|destroy|destruction|purge|drop|truncate",
    ),
    (
        "escalate",
        Kind::Effect,
        "escalate|escalation|elevate|elevation|privesc|eop",
    ),
    (
        "execute",
        Kind::Effect,
        "execute|execution|run|ran|rce|remote code execution|code execution|arbitrary code",
    ),
    (
        "repudiate",
        Kind::Effect,
        "repudiate|repudiation|deny|denies|denied|dispute|cover tracks|cover their tracks|\
         hide their actions|hide actions|deniability|hide|conceal|cover up",
    ),
    (
        "bypass",
        Kind::Effect,
        "bypass|circumvent|circumvention|evade|evasion|get around|work around|skip",
    ),
    (
        "takeover",
        Kind::Effect,
        "take over|taken over|takeover|hijack|hijacking|account takeover|compromise",
    ),
    (
        "enumerate",
        Kind::Effect,
        "enumerate|enumeration|probe|scan|discover|map out|fingerprint",
    ),
    (
        "disable",
        Kind::Effect,
        "disable|turn off|switch off|deactivate|kill",
    ),
    // Specific techniques: how.
    (
        "xss",
        Kind::Technique,
        "xss|cross site scripting|cross site script|script injection|javascript injection|\
         html injection",
    ),
    (
        "sqli",
        Kind::Technique,
        "sqli|sql injection|sql inject|sql injected",
    ),
    ("nosqli", Kind::Technique, "nosql injection|nosqli"),
    (
        "cmdi",
        Kind::Technique,
        "command injection|os command injection|shell injection|shell command injection",
    ),
    (
        "csrf",
        Kind::Technique,
        "csrf|xsrf|cross site request forgery",
    ),
    ("ssrf", Kind::Technique, "ssrf|server side request forgery"),
    (
        "mitm",
        Kind::Technique,
        "mitm|man in the middle|machine in the middle|adversary in the middle|aitm|\
         on path attacker|mitm attack",
    ),
    (
        "phishing",
        Kind::Technique,
        "phishing|phish|spear phishing|phishing email|phishing mail|smishing|vishing",
    ),
    (
        "social",
        Kind::Technique,
        "social engineering|pretexting|pretext",
    ),
    (
        "stuffing",
        Kind::Technique,
        "credential stuffing|password reuse|reused password|leaked password list",
    ),
    (
        "traversal",
        Kind::Technique,
        "path traversal|directory traversal|traversal|dot dot slash|zip slip",
    ),
    (
        "idor",
        Kind::Technique,
        "idor|insecure direct object reference",
    ),
    (
        "deserial",
        Kind::Technique,
        "deserialization|deserialisation|deserialize|deserialise|insecure deserialization",
    ),
    ("xxe", Kind::Technique, "xxe|xml external entity"),
    (
        "clickjack",
        Kind::Technique,
        "clickjacking|clickjack|ui redressing",
    ),
    (
        "malware",
        Kind::Technique,
        "malware|ransomware|trojan|virus|keylogger|spyware|rootkit|backdoor",
    ),
    (
        "supplychain",
        Kind::Technique,
        "supply chain|dependency confusion|typosquatting|typosquat|malicious package|\
         malicious dependency",
    ),
    ("webshell", Kind::Technique, "web shell|webshell"),
    ("race", Kind::Technique, "race condition|toctou|race"),
    (
        "escape",
        Kind::Technique,
        "escape|breakout|break out|container escape|vm escape|sandbox escape|jailbreak",
    ),
    (
        "poison",
        Kind::Technique,
        "cache poisoning|dns poisoning|poison|poisoning",
    ),
    ("fixation", Kind::Technique, "session fixation|fixation"),
    ("redirect", Kind::Technique, "open redirect|redirect"),
    (
        "bruteforce",
        Kind::TechniqueVerb,
        "brute force|bruteforce|brute forcing|guess|spray|password spraying|\
         dictionary attack|try every|try many",
    ),
    ("replay", Kind::TechniqueVerb, "replay|resend|re send|reuse"),
    (
        "intercept",
        Kind::TechniqueVerb,
        "intercept|interception|sniff|eavesdrop|wiretap|capture|packet capture|\
         listen in|snoop on traffic",
    ),
    ("upload", Kind::TechniqueVerb, "upload"),
    // Generic means.
    (
        "inject",
        Kind::Means,
        "inject|injection|exploit|abuse|misuse|trick|lure|submit|craft|crafted|call",
    ),
    // Where the data is.
    (
        "at_rest",
        Kind::Channel,
        "store|stored|save|saved|persist|at rest|write to disk|written to disk",
    ),
    (
        "in_transit",
        Kind::Channel,
        "send|sent|transmit|transmission|in transit|over the wire|on the wire|post",
    ),
    // Assets: what is attacked.
    (
        "session_token",
        Kind::Asset,
        "session cookie|session token|session id|sessionid|session identifier|cookie|\
         auth cookie|authentication cookie|session key",
    ),
    ("session", Kind::Asset, "session"),
    (
        "token",
        Kind::Asset,
        "token|jwt|json web token|access token|bearer token|oauth token|refresh token|\
         id token",
    ),
    (
        "api_key",
        Kind::Asset,
        "api key|apikey|api token|access key",
    ),
    (
        "credentials",
        Kind::Asset,
        "credential|creds|password|passwd|pwd|passphrase|secret|login credential|\
         api key|apikey|api token|access key|forgot password",
    ),
    (
        "otp",
        Kind::Asset,
        "otp|one time password|one time code|one time pin|2fa code|mfa code|\
         verification code|totp|sms code|one time passcode",
    ),
    (
        "mfa",
        Kind::Asset,
        "mfa|2fa|two factor|multi factor|second factor|two step",
    ),
    (
        "key",
        Kind::Asset,
        "key|private key|signing key|encryption key|crypto key|tls key|secret key|keypair",
    ),
    (
        "certificate",
        Kind::Asset,
        "certificate|cert|tls certificate",
    ),
    (
        "database",
        Kind::Asset,
        "db|database|data store|datastore|postgres|postgresql|mysql|database server|\
         mongodb|mongo|sql server|rds",
    ),
    ("backup", Kind::Asset, "backup|back up|snapshot|dump file"),
    (
        "log",
        Kind::Asset,
        "log|audit log|audit trail|logging|audit|logfile|log file|log entry|audit entry|\
         audit record|log record",
    ),
    ("config", Kind::Asset, "config|configuration|setting"),
    (
        "pii",
        Kind::Asset,
        "pii|personal data|personal information|personally identifiable information|\
         personal details|personal info|phi|health data|health record",
    ),
    (
        "payment",
        Kind::Asset,
        "payment|credit card|credit card number|card number|card data|cardholder|billing|pan|\
         transfer|wire transfer|transaction",
    ),
    ("order", Kind::Asset, "order|purchase"),
    ("amount", Kind::Asset, "amount|price|total|cost|sum"),
    ("quantity", Kind::Asset, "quantity|count|number of items"),
    ("account", Kind::Asset, "account|profile|user account"),
    (
        "privilege",
        Kind::Asset,
        "privilege|permission|entitlement|authorization|authorisation|access right|\
         access rights|acl",
    ),
    ("role", Kind::Asset, "role"),
    (
        "panel",
        Kind::Asset,
        "panel|console|dashboard|portal|admin ui|backoffice|back office",
    ),
    (
        "email",
        Kind::Asset,
        "email|e mail|mail|mailbox|inbox|email address",
    ),
    ("message", Kind::Asset, "message|msg|notification"),
    ("file", Kind::Asset, "file|document|attachment|doc"),
    (
        "disk",
        Kind::Asset,
        "disk|disk space|storage space|drive|volume",
    ),
    ("memory", Kind::Asset, "memory|ram|heap"),
    ("cpu", Kind::Asset, "cpu|processor|compute"),
    (
        "traffic",
        Kind::Asset,
        "traffic|connection|communication|packet|network traffic|channel|wire",
    ),
    ("network", Kind::Asset, "network|wifi|wi fi|wlan|lan|vpn"),
    (
        "radio",
        Kind::Asset,
        "bluetooth|bluetooth le|bluetooth low energy|ble|nfc|zigbee|radio",
    ),
    ("battery", Kind::Asset, "battery|batteries"),
    (
        "firmware",
        Kind::Asset,
        "firmware|firmware update|software update|update image|ota update",
    ),
    ("request", Kind::Asset, "request|api call|query"),
    ("response", Kind::Asset, "response|reply"),
    ("endpoint", Kind::Asset, "endpoint|route|api endpoint"),
    ("url", Kind::Asset, "url|uri|link|path|query string"),
    ("api", Kind::Asset, "api|rest api|graphql|webhook"),
    ("code", Kind::Asset, "code|source code|sourcecode|codebase"),
    ("repo", Kind::Asset, "repo|repository"),
    ("git", Kind::Asset, "git|github|gitlab|bitbucket"),
    (
        "bucket",
        Kind::Asset,
        "s3|s3 bucket|bucket|blob storage|blob container|storage bucket|object storage",
    ),
    ("hash", Kind::Asset, "hash|digest|password hash"),
    (
        "error",
        Kind::Asset,
        "error|exception|stack trace|stacktrace|traceback",
    ),
    ("script", Kind::Asset, "script|javascript|js"),
    (
        "parameter",
        Kind::Asset,
        "parameter|param|field|argument|input|input field|form field|header",
    ),
    ("id", Kind::Asset, "id|identifier|uuid|guid"),
    ("comment", Kind::Asset, "comment"),
    ("search", Kind::Asset, "search"),
    ("form", Kind::Asset, "form"),
    (
        "page",
        Kind::Asset,
        "page|screen|site|website|web page|webpage|web site",
    ),
    ("table", Kind::Asset, "table"),
    ("record", Kind::Asset, "record|row|entry"),
    ("cache", Kind::Asset, "cache"),
    ("dns", Kind::Asset, "dns|domain|dns record"),
    ("invoice", Kind::Asset, "invoice|bill"),
    ("reset", Kind::Asset, "reset|recovery|forgot password"),
    (
        "login",
        Kind::Asset,
        "login|log in|logon|signin|sign in|authentication|auth|authenticate",
    ),
    (
        "device",
        Kind::Asset,
        "device|phone|laptop|workstation|usb|usb stick|usb drive",
    ),
    ("browser", Kind::Asset, "browser"),
    ("queue", Kind::Asset, "queue|message queue|kafka|topic"),
    (
        "container",
        Kind::Asset,
        "container|docker|pod|kubernetes|k8s|vm|virtual machine",
    ),
    ("algorithm", Kind::Asset, "algorithm|alg|cipher"),
    (
        "regex",
        Kind::Asset,
        "regex|regexp|regular expression|redos",
    ),
    (
        "env",
        Kind::Asset,
        "env|environment|environment variable|env var|env variable|envvar",
    ),
    (
        "avatar",
        Kind::Asset,
        "avatar|profile picture|profile photo|profile image",
    ),
    (
        "dependency",
        Kind::Asset,
        "dependency|package|library|npm package|third party library|module",
    ),
    (
        "verify",
        Kind::Asset,
        "verify|verification|check|validate|validation",
    ),
    // Principals: who acts or is acted upon.
    (
        "user",
        Kind::Principal,
        "user|victim|end user|customer|member|account holder|legitimate user|\
         regular user|normal user|ordinary user|username|user name|userid|user id|login name",
    ),
    (
        "admin",
        Kind::Principal,
        "admin|administrator|sysadmin|superuser|root|operator|ops",
    ),
    (
        "dba",
        Kind::Principal,
        "dba|db admin|database admin|database administrator|db administrator",
    ),
    (
        "staff",
        Kind::Principal,
        "staff|employee|personnel|support agent|support staff|support team|worker|colleague|helpdesk|help desk",
    ),
    (
        "tenant",
        Kind::Principal,
        "tenant|organisation|organization|org",
    ),
    ("client", Kind::Principal, "client|frontend|front end|spa"),
    ("server", Kind::Principal, "server|backend|back end|host"),
    (
        "mobile",
        Kind::Principal,
        "mobile app|mobile|ios app|android app",
    ),
    ("service", Kind::Principal, "service|microservice|provider"),
    (
        "vendor",
        Kind::Principal,
        "vendor|third party|partner|supplier",
    ),
    // Attributes.
    (
        "plaintext",
        Kind::Attribute,
        "plaintext|plain text|cleartext|clear text|unencrypted|not encrypted|unhashed|\
         not hashed|in the clear|without encryption|unsalted|unmasked|unredacted|not masked|\
         not redacted",
    ),
    (
        "no_auth",
        Kind::Attribute,
        "unauthenticated|without authentication|no authentication|missing authentication|\
         not authenticated|unauthenticated access",
    ),
    (
        "no_expiry",
        Kind::Attribute,
        "never expire|not expire|do not expire|does not expire|don t expire|doesn t expire|\
         no expiry|no expiration|without expiry|long lived|no timeout|never time out",
    ),
    (
        "accident",
        Kind::Attribute,
        "accident|accidental|accidentally|mistake|mistakenly|by mistake|unintentional|\
         unintentionally|inadvertent|inadvertently|human error",
    ),
    (
        "public",
        Kind::Attribute,
        "public|publicly|world readable|anyone|anonymous|everyone|internet facing|open",
    ),
    ("verbose", Kind::Attribute, "verbose|detailed|debug"),
    (
        "large",
        Kind::Attribute,
        "large|huge|big|oversized|giant|massive|enormous",
    ),
    ("slow", Kind::Attribute, "slow|expensive|heavy"),
    (
        "weak",
        Kind::Attribute,
        "weak|guessable|default|short|simple",
    ),
    ("expired", Kind::Attribute, "expired|stale|revoked|old"),
    (
        "ratelimit",
        Kind::Attribute,
        "rate limit|rate limited|rate limiting|throttle|throttling|lockout|account lockout",
    ),
    (
        "filler",
        Kind::Filler,
        "in order to|so that|be able to|is able to",
    ),
    // Weak words.
    (
        "data",
        Kind::Weak,
        "data|information|info|content|detail|sensitive|confidential|secret data|record data",
    ),
    (
        "system",
        Kind::Weak,
        "system|app|application|platform|software|tool|component",
    ),
    ("other", Kind::Weak, "other|another|someone else|different"),
    (
        "malicious",
        Kind::Weak,
        "malicious|unauthorized|unauthorised|arbitrary|untrusted|crafted input|rogue|evil|\
         unvalidated|unchecked|unsanitized|unsanitised|local",
    ),
];

/// Grammar words: dropped, but some mark the slot of what follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Func {
    /// Dropped.
    Stop,
    /// "is", "be", "get": before the verb, a sign of the passive.
    Aux,
    /// "via", "using", "through": a method follows.
    Via,
    /// "with": a method follows, unless it belongs to the verb ("tamper with").
    With,
    /// "by": the subject of a passive verb or a method follows.
    By,
    /// "from": the source follows.
    From,
    /// "between": the two ends of a flow follow (kept with the sources).
    Between,
    /// "to", "into": the destination follows (or the object, right after the
    /// verb: "access to").
    To,
    /// "in", "of", "that", "because": what follows qualifies the object.
    Link,
}

const FUNCTION_WORDS: &[(Func, &str)] = &[
    (
        Func::Stop,
        "a an the and or nor but it its itself their theirs they them he she his her we our \
         us you your i me my this these those there here who whom whose what such some any \
         all each every both either neither not no also just only very more most much \
         many few own same s t e g ie eg etc can could may might will would should must shall \
         do does did done has have had having attack attacks attacked threat threats risk \
         risks vulnerability vulnerabilities vuln vulns issue issues problem possible \
         possibly potential potentially able allow allows allowed allowing let lets letting \
         enable enables enabled cause causes caused lead leads result results use uses used \
         gain gains gained make makes made way someone somebody something without lack \
         lacking missing absent due then than so as if likely easily easy even still \
         new unable too whole entire full complete valid contain include never give gives gave",
    ),
    (
        Func::Aux,
        "is are was were be been being get gets got gotten getting become becomes",
    ),
    (
        Func::Via,
        "via using through over utilizing utilising leveraging",
    ),
    (Func::With, "with"),
    (Func::By, "by"),
    (Func::From, "from"),
    (Func::Between, "between"),
    (Func::To, "to into towards toward onto"),
    (
        Func::Link,
        "in on of at for against inside within under across behind that which \
         where when while because since after before during until unless whereas kept \
         held",
    ),
];

/// Irregular past participles (regular ones end in "ed"): after a noun they
/// start a qualifier ("tokens *signed* with…"), before the verb they make it
/// passive.
const IRREGULAR_PARTICIPLES: &[&str] = &[
    "stolen",
    "taken",
    "written",
    "overwritten",
    "rewritten",
    "hidden",
    "broken",
    "shown",
    "seen",
    "known",
    "given",
    "sent",
    "run",
    "read",
    "leaked",
    "done",
    "made",
    "kept",
    "held",
    "found",
    "brought",
    "caught",
    "left",
    "lost",
    "bypassed",
];

/// A concept id: the row of [`TABLE`] for a known concept, a hash of the
/// stem (with the top bit set) for an unknown word.
type Id = u64;

const UNKNOWN_BIT: u64 = 1 << 63;

/// The stems of a phrase after its first, and the concepts (rows of
/// [`TABLE`]) it says.
type Phrase = (Vec<String>, Vec<u16>);

/// Everything loaded once: the stemmer and the tables keyed by stem.
struct Lexicon {
    stemmer: Stemmer,
    /// First stem of a phrase → (the remaining stems, the concepts it says),
    /// longest phrase first.
    phrases: HashMap<String, Vec<Phrase>, Fnv>,
    /// Grammar words by their lowercase form.
    functions: HashMap<&'static str, Func, Fnv>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::load);

impl Lexicon {
    fn load() -> Self {
        let stemmer = Stemmer::create(Algorithm::English);
        let mut functions = HashMap::default();
        for &(f, words) in FUNCTION_WORDS {
            for w in words.split_whitespace() {
                functions.insert(w, f);
            }
        }
        let mut phrases: HashMap<String, Vec<Phrase>, Fnv> = HashMap::default();
        for (row, &(_, _, words)) in TABLE.iter().enumerate() {
            let row = u16::try_from(row).expect("the table has fewer than 65536 rows");
            for phrase in words.split('|') {
                let mut stems = Vec::new();
                for_each_word(phrase, |w| stems.push(stem_of(&stemmer, w).into_owned()));
                let Some(last) = phrase.split(|c: char| !c.is_alphanumeric()).next_back() else {
                    continue;
                };
                // The stemmer does not always give an inflected form the stem
                // of its base ("sniffing" → "snif", "sniff" → "sniff"): the
                // last word's inflections are entered too.
                for form in inflections(last) {
                    let Some(slot) = stems.last_mut() else {
                        break;
                    };
                    *slot = stem_of(&stemmer, &form).into_owned();
                    let Some((first, rest)) = stems.split_first() else {
                        continue;
                    };
                    let list = phrases.entry(first.clone()).or_default();
                    match list.iter_mut().find(|(r, _)| r == rest) {
                        Some((_, concepts)) => {
                            if !concepts.contains(&row) {
                                concepts.push(row);
                            }
                        }
                        None => list.push((rest.to_vec(), vec![row])),
                    }
                }
            }
        }
        for list in phrases.values_mut() {
            list.sort_by_key(|(rest, _)| std::cmp::Reverse(rest.len()));
        }
        Self {
            stemmer,
            phrases,
            functions,
        }
    }
}

/// Calls `f` with each lowercase word of `text` (at most [`MAX_WORDS`],
/// each at most [`MAX_WORD_LEN`] bytes), reusing one buffer.
fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    let mut word = String::with_capacity(16);
    let mut count = 0;
    let mut flush = |word: &mut String, count: &mut usize| {
        if !word.is_empty() {
            if *count < MAX_WORDS {
                f(word);
            }
            *count += 1;
            word.clear();
        }
    };
    for c in text.chars() {
        if count >= MAX_WORDS {
            break;
        }
        if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                if word.len() + l.len_utf8() <= MAX_WORD_LEN {
                    word.push(l);
                }
            }
        } else {
            flush(&mut word, &mut count);
        }
    }
    flush(&mut word, &mut count);
}

/// A word and its regular inflections (plural or third person, past,
/// gerund), lowercase.
fn inflections(word: &str) -> Vec<String> {
    let w = word.to_lowercase();
    let mut out = vec![w.clone()];
    if w.len() > 2 && w.bytes().all(|b| b.is_ascii_lowercase()) {
        out.push(format!("{w}s"));
        if let Some(base) = w.strip_suffix('e') {
            out.push(format!("{w}d"));
            out.push(format!("{base}ing"));
        } else {
            out.push(format!("{w}ed"));
            out.push(format!("{w}ing"));
        }
    }
    out
}

/// The stem of a lowercase word; words that are not plain ASCII letters are
/// kept as they are.
fn stem_of<'a>(stemmer: &Stemmer, word: &'a str) -> Cow<'a, str> {
    if word.len() > 2 && word.bytes().all(|b| b.is_ascii_lowercase()) {
        stemmer.stem(word)
    } else {
        Cow::Borrowed(word)
    }
}

/// FNV-1a as a hasher for the vocabulary's maps: their keys are short
/// words, where it is several times faster than the default.
#[derive(Default, Clone, Copy)]
struct FnvHasher(u64);

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Fnv = std::hash::BuildHasherDefault<FnvHasher>;

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// How a word looks: what its ending says about its grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Plain,
    /// "stolen", "leaked", "readable": passive when it is the verb.
    Participle,
    /// "theft", "escalation", "spoofing": a headline noun when it is the verb.
    Noun,
}

fn form_of(word: &str) -> Form {
    if IRREGULAR_PARTICIPLES.contains(&word)
        || (word.len() > 4 && word.ends_with("ed"))
        || (word.len() > 5 && (word.ends_with("able") || word.ends_with("ible")))
    {
        Form::Participle
    } else if [
        "theft", "dos", "ddos", "takeover", "rce", "exfil", "denial", "removal", "disposal",
        "privesc",
    ]
    .contains(&word)
        || ["tion", "sion", "ment", "ing", "ure", "ery", "age", "ance"]
            .iter()
            .any(|s| word.len() > s.len() + 2 && word.ends_with(s))
    {
        Form::Noun
    } else {
        Form::Plain
    }
}

/// One step of the normalised statement.
#[derive(Debug, Clone, Copy)]
enum Item {
    Word {
        id: Id,
        /// `None` for a word the table does not know.
        kind: Option<Kind>,
        form: Form,
    },
    Func(Func),
}

impl Item {
    fn weight(kind: Option<Kind>) -> f32 {
        kind.map_or(UNKNOWN_WEIGHT, Kind::weight)
    }
}

/// Turns text into items; `names` (when given) receives the canonical name
/// of each concept, for [`normalise`].
fn items(text: &str, out: &mut Vec<Item>, mut names: Option<&mut Vec<String>>) {
    let lex = &*LEXICON;
    // Words with their stems and forms.
    let mut words: Vec<(String, Form)> = Vec::with_capacity(16);
    let mut surfaces: Vec<Option<Func>> = Vec::with_capacity(16);
    for_each_word(text, |w| {
        surfaces.push(lex.functions.get(w).copied());
        words.push((stem_of(&lex.stemmer, w).into_owned(), form_of(w)));
    });
    let mut i = 0;
    while i < words.len() {
        // The longest phrase of the table starting here.
        let mut found: Option<(usize, &[u16])> = None;
        if let Some(list) = lex.phrases.get(words[i].0.as_str()) {
            for (rest, concepts) in list {
                let end = i + 1 + rest.len();
                if end <= words.len() && words[i + 1..end].iter().zip(rest).all(|(w, r)| w.0 == *r)
                {
                    // A one-word match loses to a grammar word ("in", "it").
                    if rest.is_empty() && surfaces[i].is_some() {
                        break;
                    }
                    found = Some((end, concepts));
                    break;
                }
            }
        }
        if let Some((end, concepts)) = found {
            let form = words[end - 1].1;
            let form = if form == Form::Plain {
                words[i].1
            } else {
                form
            };
            for &row in concepts {
                let (name, kind, _) = TABLE[usize::from(row)];
                if kind == Kind::Filler {
                    out.push(Item::Func(Func::Stop));
                    continue;
                }
                out.push(Item::Word {
                    id: Id::from(row),
                    kind: Some(kind),
                    form,
                });
                if let Some(n) = names.as_deref_mut() {
                    n.push(name.to_owned());
                }
            }
            i = end;
            continue;
        }
        if let Some(f) = surfaces[i] {
            out.push(Item::Func(f));
        } else {
            let (stem, form) = &words[i];
            // The stemmer keeps the agent "-er" ("fetcher", "parser"); the
            // matcher drops it from words it does not know, so that the
            // thing and the doing meet ("fetching").
            let stem = match stem.strip_suffix("er") {
                Some(base) if stem.len() >= 6 => base,
                _ => stem.as_str(),
            };
            // Single letters carry no content.
            if stem.chars().nth(1).is_some() {
                out.push(Item::Word {
                    id: fnv(stem) | UNKNOWN_BIT,
                    kind: None,
                    form: *form,
                });
                if let Some(n) = names.as_deref_mut() {
                    n.push(stem.to_owned());
                }
            }
        }
        i += 1;
    }
}

/// The canonical concepts of `text`, in order: a concept's name from
/// [`TABLE`] or, for a word the table does not know, its stem. Grammar words
/// are left out. For explaining a match and for tests.
pub fn normalise(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut names = Vec::new();
    items(text, &mut out, Some(&mut names));
    names
}

/// Where a concept stands in the statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Subject,
    /// The first noun group of the object.
    Core,
    /// The rest of the object.
    Object,
    Method,
    Source,
    Target,
}

/// A statement reduced to what the matcher compares.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Statement {
    /// Every concept once, sorted by id, with its weight.
    concepts: Vec<(Id, f32)>,
    /// Sum of the weights.
    total: f32,
    /// One bit per concept of weight > 0 (by id, mod 64): two statements
    /// with no common bit share no concept.
    signature: u64,
    /// Effects, specific techniques; sorted ids.
    effects: Vec<Id>,
    /// The effect that is the statement's verb, if its verb is one.
    main: Option<Id>,
    techniques: Vec<Id>,
    /// At rest, in transit.
    channels: Vec<Id>,
    /// The slots; sorted ids. `object` includes the core.
    subject: Vec<Id>,
    core: Vec<Id>,
    object: Vec<Id>,
    source: Vec<Id>,
    target: Vec<Id>,
    /// Sources and targets together: where it happens.
    places: Vec<Id>,
}

impl Eq for Statement {}

/// Why two statements that share words are still different threats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Veto {
    /// They do different things (reads vs deletes).
    Action,
    /// They do it in different ways (XSS vs sniffing).
    Method,
    /// To different things (the session cookie vs the database backup).
    Object,
    /// In opposite directions (admin as user vs user as admin; client to
    /// server vs server to client).
    Reversed,
    /// One is an accident, the other an attack.
    Accident,
}

impl Veto {
    /// In plain words, for a debrief.
    pub fn describe(self) -> &'static str {
        match self {
            Veto::Action => "a different action",
            Veto::Method => "a different method",
            Veto::Object => "a different target",
            Veto::Reversed => "the opposite direction",
            Veto::Accident => "an accident, not an attack",
        }
    }
}

/// What comparing two statements found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// Weighted overlap of their concepts, 0 to 1.
    pub overlap: f32,
    /// Why they differ despite the overlap, if they do.
    pub veto: Option<Veto>,
}

impl Verdict {
    /// Whether the two say the same thing.
    pub fn is_match(&self) -> bool {
        self.veto.is_none() && self.overlap >= MATCH_AT
    }
}

/// The id of the accident concept.
static ACCIDENT: LazyLock<Id> = LazyLock::new(|| {
    TABLE
        .iter()
        .position(|r| r.0 == "accident")
        .map_or(Id::MAX, |row| row as Id)
});

fn insert(set: &mut Vec<Id>, id: Id) {
    if let Err(at) = set.binary_search(&id) {
        set.insert(at, id);
    }
}

fn intersects(a: &[Id], b: &[Id]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Whether some id is in `a` and in `b` but not in `not`.
fn intersects_except(a: &[Id], b: &[Id], not_a: &[Id], not_b: &[Id]) -> bool {
    a.iter().any(|x| {
        b.binary_search(x).is_ok()
            && not_a.binary_search(x).is_err()
            && not_b.binary_search(x).is_err()
    })
}

/// Whether the roles are swapped: something the first has in `x` the second
/// has in `y` and the other way round (ignoring what one statement has in
/// both).
fn swapped(ax: &[Id], ay: &[Id], bx: &[Id], by: &[Id]) -> bool {
    intersects_except(ax, by, ay, bx) && intersects_except(ay, bx, ax, by)
}

impl Statement {
    pub fn new(text: &str) -> Self {
        let mut list = Vec::with_capacity(24);
        items(text, &mut list, None);
        Self::of_items(&list)
    }

    fn of_items(items: &[Item]) -> Self {
        let mut st = Statement::default();
        // The verb: the first effect, else the first technique said as a
        // verb, else the first generic means ("tricks staff into revealing":
        // revealing).
        // A participle right before a noun is an adjective ("*compromised*
        // dependency steals…"), not the verb, when a verb follows.
        let adjective = |i: usize| {
            matches!(
                items[i],
                Item::Word {
                    form: Form::Participle,
                    ..
                }
            ) && matches!(items.get(i + 1), Some(Item::Word { kind, .. }) if kind.is_none_or(Kind::thing))
        };
        let first = |want: fn(Kind) -> bool| {
            let mut found = items
                .iter()
                .enumerate()
                .filter(|(_, it)| matches!(it, Item::Word { kind: Some(k), .. } if want(*k)))
                .map(|(i, _)| i);
            let head = found.next()?;
            Some(match found.next() {
                Some(next) if adjective(head) => next,
                _ => head,
            })
        };
        let verb = first(|k| k == Kind::Effect)
            .or_else(|| first(|k| k == Kind::TechniqueVerb))
            .or_else(|| first(|k| k == Kind::Means));
        if let Some(Item::Word {
            id,
            kind: Some(Kind::Effect),
            ..
        }) = verb.map(|v| items[v])
        {
            st.main = Some(id);
        }
        // Whether what comes before the verb is its object (passive or a
        // headline noun) rather than its subject.
        let before_is_object = match verb {
            None => true,
            Some(v) => {
                let Item::Word { form, .. } = items[v] else {
                    unreachable!("the verb is a word")
                };
                let aux_before = items[..v]
                    .iter()
                    .rev()
                    .filter(|it| !matches!(it, Item::Func(Func::Stop)))
                    .take(2)
                    .any(|it| matches!(it, Item::Func(Func::Aux)));
                let actor_before = items[..v].iter().any(|it| {
                    matches!(
                        it,
                        Item::Word {
                            kind: Some(Kind::Actor),
                            ..
                        }
                    )
                });
                // A gerund after a grammar word is a verb ("into revealing").
                let gerund = v > 0 && matches!(items[v - 1], Item::Func(_));
                aux_before
                    || (!actor_before
                        && (form == Form::Participle || (form == Form::Noun && !gerund)))
            }
        };
        let mut slot = if before_is_object {
            Slot::Core
        } else {
            Slot::Subject
        };
        let mut has_from = false;
        let mut prev_verb = false;
        for (i, it) in items.iter().enumerate() {
            let at_verb = Some(i) == verb;
            if at_verb && !before_is_object {
                slot = Slot::Core;
            } else if at_verb && !st.core.is_empty() && slot == Slot::Core {
                slot = Slot::Object;
            }
            match *it {
                Item::Func(f) => {
                    let after_verb = verb.is_some_and(|v| i > v);
                    // Before an active verb everything is the subject.
                    if slot == Slot::Subject && !after_verb {
                        continue;
                    }
                    match f {
                        Func::Stop | Func::Aux => {}
                        Func::Via => slot = Slot::Method,
                        Func::With => {
                            if !prev_verb {
                                slot = Slot::Method;
                            }
                        }
                        Func::By => {
                            let next = items[i + 1..].iter().find_map(|it| match it {
                                Item::Word { kind, .. } => Some(*kind),
                                Item::Func(_) => None,
                            });
                            slot = match next {
                                Some(Some(Kind::Actor | Kind::Principal)) => Slot::Subject,
                                _ => Slot::Method,
                            };
                        }
                        Func::From => {
                            has_from = true;
                            slot = Slot::Source;
                        }
                        Func::Between => slot = Slot::Source,
                        Func::To => {
                            if !(slot == Slot::Core && st.core.is_empty()) {
                                slot = Slot::Target;
                            }
                        }
                        Func::Link => {
                            if !(slot == Slot::Core && st.core.is_empty()) && slot != Slot::Method {
                                slot = Slot::Object;
                            }
                        }
                    }
                    prev_verb = false;
                }
                Item::Word { id, kind, form } => {
                    let w = Item::weight(kind);
                    match st.concepts.binary_search_by_key(&id, |c| c.0) {
                        Ok(_) => {}
                        Err(at) => {
                            st.concepts.insert(at, (id, w));
                        }
                    }
                    if w > 0.0 {
                        st.signature |= 1 << (id % 64);
                    }
                    match kind {
                        Some(Kind::Effect) => insert(&mut st.effects, id),
                        Some(Kind::Technique | Kind::TechniqueVerb) => {
                            insert(&mut st.techniques, id)
                        }
                        Some(Kind::Channel) => insert(&mut st.channels, id),
                        _ => {}
                    }
                    // Only things (and the attacker, as a subject) take a
                    // slot: an effect or a technique is no one's subject.
                    let thing = kind.is_none_or(Kind::thing);
                    let actor = kind == Some(Kind::Actor);
                    // A participle after the core starts a qualifier
                    // ("tokens signed with…").
                    if slot == Slot::Core
                        && !at_verb
                        && !st.core.is_empty()
                        && form == Form::Participle
                    {
                        slot = Slot::Object;
                    }
                    match slot {
                        Slot::Subject if thing || actor => insert(&mut st.subject, id),
                        Slot::Core if thing => {
                            insert(&mut st.core, id);
                            insert(&mut st.object, id);
                        }
                        Slot::Object if thing => insert(&mut st.object, id),
                        Slot::Source if thing => insert(&mut st.source, id),
                        Slot::Target if thing => {
                            insert(&mut st.target, id);
                            if !has_from {
                                insert(&mut st.object, id);
                            }
                        }
                        _ => {}
                    }
                    prev_verb = kind.is_some_and(Kind::verb);
                }
            }
        }
        // Summed in id order, so that a statement compared with itself has an
        // overlap of exactly 1.
        st.total = st.concepts.iter().map(|c| c.1).sum();
        st.places.clone_from(&st.source);
        for &t in &st.target {
            insert(&mut st.places, t);
        }
        st
    }

    /// Whether the statement has any content word (anything but grammar
    /// words and the attacker). One without never matches.
    pub fn has_content(&self) -> bool {
        self.total > 0.0
    }

    /// The weighted overlap of the concepts of the two (0 to 1), and the
    /// veto that sets them apart, if any.
    pub fn compare(&self, other: &Statement) -> Verdict {
        if self.signature & other.signature == 0 || !self.has_content() || !other.has_content() {
            return Verdict {
                overlap: 0.0,
                veto: None,
            };
        }
        let (a, b) = (&self.concepts, &other.concepts);
        let (mut i, mut j, mut shared) = (0, 0, 0.0f32);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    shared += a[i].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        let union = self.total + other.total - shared;
        let overlap = if union > 0.0 { shared / union } else { 0.0 };
        Verdict {
            overlap,
            veto: self.veto(other),
        }
    }

    fn veto(&self, o: &Statement) -> Option<Veto> {
        // Each one's main effect (its verb) must be among the other's
        // effects: "denies making changes" is not "makes changes".
        let foreign = |main: Option<Id>, effects: &[Id]| {
            main.is_some_and(|m| !effects.is_empty() && effects.binary_search(&m).is_err())
        };
        let disjoint = |a: &[Id], b: &[Id]| !a.is_empty() && !b.is_empty() && !intersects(a, b);
        if disjoint(&self.effects, &o.effects)
            || foreign(self.main, &o.effects)
            || foreign(o.main, &self.effects)
        {
            return Some(Veto::Action);
        }
        if disjoint(&self.techniques, &o.techniques) || disjoint(&self.channels, &o.channels) {
            return Some(Veto::Method);
        }
        if swapped(&self.subject, &self.object, &o.subject, &o.object)
            || swapped(&self.source, &self.target, &o.source, &o.target)
            || swapped(&self.core, &self.target, &o.core, &o.target)
        {
            return Some(Veto::Reversed);
        }
        // Each names as its target (or as the place it happens: from, to,
        // between) something the other never mentions.
        let differ = |a: &[Id], b: &[Id]| {
            !a.is_empty()
                && !b.is_empty()
                && a.iter().any(|c| !o.mentions(*c))
                && b.iter().any(|c| !self.mentions(*c))
        };
        if differ(&self.core, &o.core) || differ(&self.places, &o.places) {
            return Some(Veto::Object);
        }
        let accident = *ACCIDENT;
        if self.mentions(accident) != o.mentions(accident) {
            return Some(Veto::Accident);
        }
        None
    }

    fn mentions(&self, id: Id) -> bool {
        self.concepts.binary_search_by_key(&id, |c| c.0).is_ok()
    }

    /// Whether the two say the same thing.
    pub fn matches(&self, other: &Statement) -> bool {
        // Cheap rejections first: no common concept, or too little weight
        // in common to reach the threshold whatever they share.
        if self.signature & other.signature == 0 {
            return false;
        }
        let (small, large) = if self.total <= other.total {
            (self.total, other.total)
        } else {
            (other.total, self.total)
        };
        if small < MATCH_AT * large {
            return false;
        }
        self.compare(other).is_match()
    }
}

/// Whether `a` and `b` say the same thing.
pub fn same(a: &str, b: &str) -> bool {
    Statement::new(a).matches(&Statement::new(b))
}

/// One threat as the index keeps it.
#[derive(Debug, Clone)]
struct Entry {
    id: u32,
    /// The title the statement was read from.
    title: String,
    statement: Statement,
}

/// The statement of every threat of a session, kept up to date between
/// scans so that only new or edited threats are read again.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// In the session's order (capture order).
    entries: Vec<Entry>,
    /// Threat id → position in `entries`.
    at: HashMap<u32, usize>,
    /// Bumped whenever an entry is added, read again or removed.
    revision: u64,
    /// The last answer of [`Index::earlier_match`]: (threat, revision,
    /// answer). The radar asks the same question on every scan (after each
    /// key, on every tick) until a threat changes.
    memo: std::cell::Cell<Option<(u32, u64, Option<u32>)>>,
}

impl Index {
    /// Reads the threats that are new or whose title changed, and forgets
    /// deleted ones. A threat whose title did not change is neither read
    /// again nor copied; nothing is allocated for it.
    pub fn update(&mut self, session: &Session) {
        let threats = &session.threats;
        // The common case: the same threats in the same order, perhaps some
        // new ones at the end.
        let same_order = self.entries.len() <= threats.len()
            && self.entries.iter().zip(threats).all(|(e, t)| e.id == t.id);
        if !same_order {
            self.rebuild(session);
            self.revision += 1;
            return;
        }
        for (i, t) in threats.iter().enumerate() {
            match self.entries.get_mut(i) {
                Some(e) => {
                    if e.title != t.title {
                        e.title.clone_from(&t.title);
                        e.statement = Statement::new(&t.title);
                        self.revision += 1;
                    }
                }
                None => {
                    self.revision += 1;
                    self.at.insert(t.id, i);
                    self.entries.push(Entry {
                        id: t.id,
                        title: t.title.clone(),
                        statement: Statement::new(&t.title),
                    });
                }
            }
        }
    }

    /// Threats were deleted or moved: lines the entries up with the session
    /// again, keeping the statements of titles that did not change.
    fn rebuild(&mut self, session: &Session) {
        let mut old: HashMap<u32, Entry> = self.entries.drain(..).map(|e| (e.id, e)).collect();
        self.at.clear();
        for (i, t) in session.threats.iter().enumerate() {
            let entry = match old.remove(&t.id) {
                Some(e) if e.title == t.title => e,
                _ => Entry {
                    id: t.id,
                    title: t.title.clone(),
                    statement: Statement::new(&t.title),
                },
            };
            self.at.insert(t.id, i);
            self.entries.push(entry);
        }
    }

    /// The statement of threat `id`, if the index has read it.
    pub fn get(&self, id: u32) -> Option<&Statement> {
        self.at.get(&id).map(|&i| &self.entries[i].statement)
    }

    /// How many threats the index holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The earliest threat in `session` captured before threat `id` whose
    /// statement matches threat `id`'s. Never a later one, never `id`
    /// itself.
    pub fn earlier_match(&self, session: &Session, id: u32) -> Option<u32> {
        if let Some((asked, revision, answer)) = self.memo.get()
            && asked == id
            && revision == self.revision
        {
            return answer;
        }
        let answer = self.find_earlier(session, id);
        self.memo.set(Some((id, self.revision, answer)));
        answer
    }

    fn find_earlier(&self, session: &Session, id: u32) -> Option<u32> {
        let this = self.get(id)?;
        session
            .threats
            .iter()
            .enumerate()
            .take_while(|(_, t)| t.id != id)
            .find(|&(i, t)| {
                let st = match self.entries.get(i) {
                    Some(e) if e.id == t.id => Some(&e.statement),
                    _ => self.get(t.id),
                };
                st.is_some_and(|s| s.matches(this))
            })
            .map(|(_, t)| t.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Vec<String> {
        normalise(text)
    }

    #[test]
    fn stems_inflections() {
        assert_eq!(n("steals"), n("stealing"));
        assert_eq!(n("exfiltrated"), n("exfiltrates"));
        assert_eq!(n("reports"), n("reporting"));
        assert_eq!(n("shipments"), vec!["shipment"]);
        assert_eq!(n("Shipping labels"), vec!["ship", "label"]);
        // The agent "-er" of unknown words goes: the thing meets the doing.
        assert_eq!(n("image fetcher"), n("image fetching"));
    }

    #[test]
    fn drops_stop_words_case_and_punctuation() {
        assert_eq!(
            n("The attacker CAN steal the cookie!"),
            vec!["attacker", "disclose", "session_token"]
        );
        assert_eq!(n("a, the; is -- of"), Vec::<String>::new());
        assert_eq!(n("user's data"), vec!["user", "data"]);
    }

    #[test]
    fn maps_synonyms_to_concepts() {
        for w in [
            "attacker",
            "adversary",
            "hacker",
            "malicious user",
            "Threat actor",
        ] {
            assert_eq!(n(w), vec!["attacker"], "{w}");
        }
        for w in ["steal", "exfiltrate", "leak", "exfil", "stolen"] {
            assert_eq!(n(w), vec!["disclose"], "{w}");
        }
        for w in [
            "DoS",
            "denial of service",
            "flood",
            "exhaust",
            "overload",
            "DDoS",
        ] {
            assert_eq!(n(w), vec!["dos"], "{w}");
        }
        for w in ["tamper", "modify", "alter"] {
            assert_eq!(n(w), vec!["tamper"], "{w}");
        }
        for w in ["spoof", "impersonate", "forge"] {
            assert_eq!(n(w), vec!["spoof"], "{w}");
        }
        for w in ["credentials", "password", "secret"] {
            assert_eq!(n(w), vec!["credentials"], "{w}");
        }
        assert_eq!(n("admin"), n("administrators"));
        assert_eq!(n("db"), n("database"));
        assert_eq!(n("XSS"), n("cross-site scripting"));
        assert_eq!(n("SQLi"), n("SQL injection"));
    }

    #[test]
    fn longest_phrase_wins() {
        // "forgery" alone is spoofing; in CSRF it is part of the technique.
        assert_eq!(n("cross-site request forgery"), vec!["csrf"]);
        assert_eq!(n("server-side request forgery"), vec!["ssrf"]);
        assert_eq!(n("forgery"), vec!["spoof"]);
        // "denial of service" is not the "deny" of repudiation.
        assert_eq!(
            n("user denies the order"),
            vec!["user", "repudiate", "order"]
        );
        // An API key is a credential too.
        assert_eq!(n("API key"), vec!["api_key", "credentials"]);
        assert_eq!(n("one-time password"), vec!["otp"]);
    }

    #[test]
    fn slots_follow_the_grammar() {
        let active = Statement::new("Attacker steals session cookie via XSS");
        let passive = Statement::new("Session cookies can be stolen by an attacker using XSS");
        assert_eq!(active.core, passive.core);
        assert!(!active.core.is_empty());
        let headline = Statement::new("Privilege escalation to administrator");
        let verb = Statement::new("Attacker escalates privileges to admin");
        assert_eq!(headline.core, verb.core);
    }

    #[test]
    fn vetoes_say_why() {
        let v = |a: &str, b: &str| Statement::new(a).compare(&Statement::new(b)).veto;
        assert_eq!(
            v("Attacker reads audit logs", "Attacker deletes audit logs"),
            Some(Veto::Action)
        );
        assert_eq!(
            v(
                "Attacker steals the cookie via XSS",
                "Attacker steals the cookie by sniffing"
            ),
            Some(Veto::Method)
        );
        assert_eq!(
            v(
                "Attacker steals the session cookie",
                "Attacker steals the database backup"
            ),
            Some(Veto::Object)
        );
        assert_eq!(
            v("Admin impersonates a user", "User impersonates an admin"),
            Some(Veto::Reversed)
        );
        assert_eq!(
            v("Attacker steals the cookie", "Cookie stolen by an attacker"),
            None
        );
    }

    #[test]
    fn more_vetoes() {
        let v = |a: &str, b: &str| Statement::new(a).compare(&Statement::new(b)).veto;
        // At rest is not in transit.
        assert_eq!(
            v(
                "Mobile app stores the session token in plaintext",
                "Mobile app sends the session token in plaintext"
            ),
            Some(Veto::Method)
        );
        // An accident is not an attack.
        assert_eq!(
            v(
                "Attacker deletes another user's files",
                "User accidentally deletes their own files"
            ),
            Some(Veto::Accident)
        );
        // The verb decides: denying changes is not making them.
        assert_eq!(
            v(
                "Rogue admin denies making configuration changes",
                "Rogue admin makes unauthorized configuration changes"
            ),
            Some(Veto::Action)
        );
        // A participle before a noun is no verb.
        let st = Statement::new("Compromised dependency steals build secrets");
        assert_eq!(st.main, Statement::new("steals").main);
        // Between two ends: other ends, another flow.
        assert_eq!(
            v(
                "Attacker intercepts traffic between the mobile app and the API",
                "Attacker intercepts traffic between the API and the payment provider"
            ),
            Some(Veto::Object)
        );
    }

    #[test]
    fn empty_and_odd_input() {
        assert!(!Statement::new("").has_content());
        assert!(!Statement::new("the attacker").has_content());
        assert!(!same("", ""));
        assert!(same("Ünïcode façade brëach", "ünïcode FAÇADE brëach"));
        let long = "steal ".repeat(10_000);
        assert!(Statement::new(&long).has_content());
    }
}
