//! Criterion benchmarks (filled in below).
use criterion::{Criterion, criterion_group, criterion_main};

fn placeholder(c: &mut Criterion) {
    c.bench_function("script_parse", |b| b.iter(tamer::session::PhaseScript::builtin));
}

criterion_group!(benches, placeholder);
criterion_main!(benches);
