//! The layout is the architecture: features depend on each other one way. This reads the API's
//! own sources and fails on any import cycle between feature folders, on the platform or the
//! reference data depending on a feature, and on a feature depending on the demo or the job
//! runner.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level modules of `api/src` that are features or layers (everything but `lib.rs`/`main.rs`).
fn modules(src: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(src)
        .expect("api/src")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir() && e.file_name() != "bin")
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    out.sort();
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("dir").filter_map(|e| e.ok()) {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Which other top-level modules each module's code names as `crate::<module>`.
fn dependencies(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mods = modules(src);
    let mut deps = BTreeMap::new();
    for m in &mods {
        let mut files = vec![];
        rust_files(&src.join(m), &mut files);
        let mut used = BTreeSet::new();
        for f in files {
            let text = std::fs::read_to_string(&f).expect("source");
            for line in text.lines() {
                let code = line.split("//").next().unwrap_or("");
                for other in &mods {
                    if other != m && code.contains(&format!("crate::{other}")) {
                        used.insert(other.clone());
                    }
                }
            }
        }
        deps.insert(m.clone(), used);
    }
    deps
}

/// A cycle in the graph, as the modules along it, if there is one.
fn find_cycle(deps: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        deps: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut cycle = path[i..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for d in deps.get(n).into_iter().flatten() {
            if let Some(c) = visit(d, deps, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    deps.keys()
        .find_map(|n| visit(n, deps, &mut vec![], &mut done))
}

fn src() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn features_depend_one_way() {
    let deps = dependencies(&src());
    for expected in [
        "platform",
        "refdata",
        "identity",
        "org",
        "registry",
        "history",
        "field",
        "enforcement",
        "monitoring",
        "jobs",
        "demo",
    ] {
        assert!(deps.contains_key(expected), "api/src/{expected} exists");
    }
    if let Some(cycle) = find_cycle(&deps) {
        panic!(
            "import cycle between feature folders: {}\n{deps:#?}",
            cycle.join(" → ")
        );
    }
    assert!(
        deps["platform"].is_empty(),
        "the platform depends on no feature, but uses {:?}",
        deps["platform"]
    );
    let refdata: Vec<_> = deps["refdata"]
        .iter()
        .filter(|d| *d != "platform")
        .collect();
    assert!(
        refdata.is_empty(),
        "reference data depends on the platform only, but uses {refdata:?}"
    );
    for (m, used) in &deps {
        assert!(
            m == "demo" || !used.contains("demo"),
            "{m} uses the demo generator"
        );
        // Work is queued through `platform::queue`; the runner is nobody's dependency, so it
        // may use any feature whose work it runs.
        assert!(
            m == "demo" || !used.contains("jobs"),
            "{m} uses the job runner (queue work with platform::queue instead)"
        );
    }
}

#[test]
fn the_cycle_check_finds_a_cycle() {
    let mut deps = BTreeMap::new();
    deps.insert("a".to_string(), BTreeSet::from(["b".to_string()]));
    deps.insert("b".to_string(), BTreeSet::from(["c".to_string()]));
    deps.insert("c".to_string(), BTreeSet::from(["a".to_string()]));
    assert_eq!(
        find_cycle(&deps),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    deps.get_mut("c").expect("c").clear();
    assert_eq!(find_cycle(&deps), None);
}

/// Inside a feature, files depend one way too (the cycles tasks ↔ inspections and
/// risk ↔ timeline were broken; this keeps them so).
#[test]
fn files_inside_a_feature_depend_one_way() {
    let src = src();
    for feature in modules(&src) {
        let dir = src.join(&feature);
        let mut files = vec![];
        for e in std::fs::read_dir(&dir).expect("dir").filter_map(|e| e.ok()) {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "rs") && p.file_stem().is_some_and(|s| s != "mod")
            {
                files.push(p.file_stem().expect("stem").to_string_lossy().to_string());
            }
        }
        let mut deps = BTreeMap::new();
        for f in &files {
            let text = std::fs::read_to_string(dir.join(format!("{f}.rs"))).expect("source");
            let used: BTreeSet<String> = files
                .iter()
                .filter(|o| *o != f)
                .filter(|o| {
                    text.lines()
                        .map(|l| l.split("//").next().unwrap_or(""))
                        .any(|l| {
                            l.contains(&format!("super::{o}::"))
                                || l.contains(&format!("crate::{feature}::{o}::"))
                                || l.contains(&format!("super::{o};"))
                                || l.contains(&format!("super::{{{o}"))
                        })
                })
                .cloned()
                .collect();
            deps.insert(f.clone(), used);
        }
        if let Some(cycle) = find_cycle(&deps) {
            panic!("import cycle inside {feature}: {}", cycle.join(" → "));
        }
    }
}
