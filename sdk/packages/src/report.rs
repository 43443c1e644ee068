//! What `build_packages` reports: the plan as emerge-like text and as JSON, and the check of
//! every store entry (`--verify-store`).

use crate::engine::Session;
use crate::store::{Entry, Store};
use serde_json::{json, Value};
use std::path::Path;

/// The plan as JSON, one object per package in build order (`action` build, stored, or
/// binhost: to be pulled from the binhost, whose entry was found there).
pub fn plan_json(s: &Session, todo: &[(usize, String)], hits: &std::collections::BTreeSet<usize>) -> Vec<Value> {
    s.plan
        .order
        .iter()
        .map(|&i| {
            let p = &s.plan.pkgs[i];
            let r = todo.iter().find(|(j, _)| *j == i).map(|(_, r)| r.clone());
            json!({
                "package": p.cpv(),
                "repository": p.repo,
                "slot": p.ebuild.meta.get("SLOT"),
                "use": p.use_on.iter().collect::<Vec<_>>(),
                "input_hash": p.hash,
                "root": p.root.name(),
                "break_dep_loop": p.loop_breaker,
                "deps": p.deps.iter().map(|&(k, j)| {
                    let mut d = json!({"kind": k.key(), "package": s.plan.pkgs[j].cpv()});
                    // an edge that broke a loop: the first-step package serves it while building
                    let by = p.serving(k, j);
                    if by != j {
                        d["served_by"] = json!(s.plan.pkgs[by].label());
                    }
                    d
                }).collect::<Vec<_>>(),
                "action": if hits.contains(&i) { "binhost" } else if r.is_some() { "build" } else { "stored" },
                "reason": r,
            })
        })
        .collect()
}

/// The plan as text, like `emerge --pretend`: what is built and why (and, with `pretend`,
/// what is stored), what comes from the binhost (`hits`), the totals, notes on pkg_* phases
/// and regenerated metadata.
pub fn plan_text(s: &Session, todo: &[(usize, String)], pretend: bool, hits: &std::collections::BTreeSet<usize>) -> String {
    let mut out = String::new();
    for &i in &s.plan.order {
        let p = &s.plan.pkgs[i];
        // like emerge: the package's own IUSE flags (not the implicit arch/elibc/kernel ones)
        let iuse: Vec<&str> = p.ebuild.meta.get("IUSE").split_whitespace().map(|f| f.trim_start_matches(['+', '-'])).collect();
        let shown: Vec<&str> = p.use_on.iter().map(String::as_str).filter(|f| iuse.contains(f)).collect();
        let mut use_s = if shown.is_empty() { String::new() } else { format!(" USE=\"{}\"", shown.join(" ")) };
        if p.root == crate::plan::Root::Host {
            // as emerge marks the other root: this one is for the build host
            use_s.push_str(" to BROOT");
        }
        if p.loop_breaker {
            use_s.push_str(" first step (break_dep_loop)");
        }
        match todo.iter().find(|(j, _)| *j == i) {
            Some(_) if hits.contains(&i) => out.push_str(&format!("[binhost] {}::{}{use_s}  {}\n", p.cpv(), p.repo, &p.hash[..12])),
            Some((_, r)) => out.push_str(&format!("[build ] {}::{}{use_s}  ({r})\n", p.cpv(), p.repo)),
            None if pretend => out.push_str(&format!("[stored] {}::{}{use_s}  {}\n", p.cpv(), p.repo, &p.hash[..12])),
            None => {}
        }
    }
    out.push_str(&format!(
        "Total: {} packages for {}: {} to build, {}{} in the store (planned in {:.2} s)\n",
        s.plan.pkgs.len(),
        s.board.board.name,
        todo.len() - hits.len(),
        if hits.is_empty() { String::new() } else { format!("{} from the binhost, ", hits.len()) },
        s.plan.pkgs.len() - todo.len(),
        s.plan_seconds
    ));
    // (a first-step package and its second-step build are one note)
    let mut noted = std::collections::BTreeSet::new();
    for p in s.plan.pkgs.iter().filter(|p| noted.insert(p.cpv())) {
        let phases: Vec<&str> = p.ebuild.meta.get("DEFINED_PHASES").split_whitespace().filter(|ph| matches!(*ph, "preinst" | "postinst" | "prerm" | "postrm" | "config")).collect();
        if !phases.is_empty() {
            out.push_str(&format!(
                "note: {} defines pkg_{}: Railyard installs binary packages without running pkg_* phases (do that work at build time)\n",
                p.cpv(),
                phases.join("/pkg_")
            ));
        }
    }
    if !s.repos.regenerated.is_empty() {
        out.push_str(&format!("(metadata regenerated with egencache for: {})\n", s.repos.regenerated.join(", ")));
    }
    out
}

/// Checks every entry of the store in `dir` against its record (on up to 8 threads);
/// returns `(input hash, state)` for each.
pub fn check_store(dir: &Path) -> Vec<(String, Entry)> {
    let store = Store::at(dir);
    let hashes = store.hashes();
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8);
    let chunk = hashes.len().div_ceil(threads).max(1);
    std::thread::scope(|sc| {
        let hs: Vec<_> = hashes.chunks(chunk).map(|c| sc.spawn(|| c.iter().map(|h| (h.clone(), store.check_settled(h))).collect::<Vec<_>>())).collect();
        hs.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    })
}

/// The error of `--no-rebuild` when planned packages have bad store entries.
pub fn bad_entries_error(board: &str, bad: &[(usize, String)]) -> String {
    let n = bad.len();
    let lines: Vec<String> = bad.iter().map(|(_, why)| format!("  {why}")).collect();
    let (entries, are, them) = if n == 1 { ("entry", "is", "it") } else { ("entries", "are", "them") };
    format!(
        "{n} store {entries} of board {board} {are} bad (--no-rebuild):\n{}\nrun ./build_packages --board={board} without --no-rebuild to rebuild {them}",
        lines.join("\n")
    )
}

/// The closing line of a build: what was built (or that nothing had to be).
pub fn summary_line(outcomes: &[crate::engine::Outcome], n_todo: usize, n_planned: usize, plan_seconds: f64, seconds: f64, logs: &Path) -> String {
    let built = outcomes.iter().filter(|o| o.status == "built").count();
    let reused = outcomes.iter().filter(|o| o.status == "reused").count();
    let pulled = outcomes.iter().filter(|o| o.status == "pulled").count();
    let n_todo = n_todo - pulled;
    let pulled = if pulled > 0 { format!("; {pulled} pulled from the binhost") } else { String::new() };
    let by_other = if reused > 0 { format!(" ({reused} more built by another run meanwhile)") } else { String::new() };
    if n_todo == 0 {
        format!(">>> nothing to build: all {n_planned} packages are in the store{pulled} ({plan_seconds:.2} s)")
    } else {
        format!(">>> built {built} of {n_todo} package(s){by_other}{pulled} in {seconds:.1} s; logs in {}", logs.display())
    }
}

/// The error naming every package that was not built (failed, skipped, interrupted), if any.
pub fn failures(outcomes: &[crate::engine::Outcome]) -> Option<String> {
    let lines: Vec<String> = outcomes
        .iter()
        .filter(|o| o.status != "built" && o.status != "reused" && o.status != "pulled")
        .map(|o| format!("  {} {}: {}", o.status, o.cpv, o.error.as_deref().unwrap_or("").lines().next().unwrap_or("")))
        .collect();
    (!lines.is_empty()).then(|| format!("{} package(s) not built:\n{}", lines.len(), lines.join("\n")))
}

/// `--verify-store`: every entry of a board's store checked against its record: the JSON
/// report (for `--json`), one `BAD …` line per bad entry, and the closing line (`Ok`) or the
/// error (`Err`) when any entry is bad.
pub type StoreCheck = (Value, Vec<String>, std::result::Result<String, String>);

/// See [`StoreCheck`].
pub fn verify_store(root: &Path, board: &str) -> anyhow::Result<StoreCheck> {
    let dir = root.join("__build__/packages").join(board).join("store");
    if !dir.is_dir() {
        anyhow::bail!("there is no package store for board {board} at {} (run ./build_packages --board={board})", dir.display());
    }
    let checked = check_store(&dir);
    let bad: Vec<(&String, &String)> = checked
        .iter()
        .filter_map(|(h, e)| match e {
            Entry::Bad(why) => Some((h, why)),
            _ => None,
        })
        .collect();
    let report = json!({
        "board": board, "store": dir, "checked": checked.len(),
        "bad": bad.iter().map(|(h, why)| json!({"input_hash": h, "error": why})).collect::<Vec<_>>(),
    });
    let lines = bad.iter().map(|(_, why)| format!("BAD {why}")).collect();
    let end = if bad.is_empty() {
        Ok(format!(">>> {} store entries checked in {}: all good", checked.len(), dir.display()))
    } else {
        Err(format!(
            "{} of {} store entries are bad in {}; ./build_packages --board={board} rebuilds the board's bad entries",
            bad.len(),
            checked.len(),
            dir.display()
        ))
    };
    Ok((report, lines, end))
}
