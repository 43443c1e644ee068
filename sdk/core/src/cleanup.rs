//! Directories a command removes if it is interrupted (Ctrl-C, SIGTERM): code that creates
//! work directories registers them for as long as it uses them; the command's signal
//! handler calls [`remove_all`] before it exits.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

static DIRS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static PIDS: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// Unregisters its process when dropped (the owner has ended it).
#[derive(Debug)]
pub struct RegisteredProcess {
    pid: u32,
}

impl Drop for RegisteredProcess {
    fn drop(&mut self) {
        if let Ok(mut all) = PIDS.lock() {
            if let Some(i) = all.iter().rposition(|x| *x == self.pid) {
                all.remove(i);
            }
        }
    }
}

/// Registers a child process (a VM) to be killed on interruption, so Ctrl-C never leaves
/// one behind.
pub fn register_process(pid: u32) -> RegisteredProcess {
    if let Ok(mut all) = PIDS.lock() {
        all.push(pid);
    }
    RegisteredProcess { pid }
}

/// Kills every registered process (SIGKILL).
fn kill_all() {
    let all = match PIDS.lock() {
        Ok(g) => g.clone(),
        Err(p) => p.into_inner().clone(),
    };
    for pid in all {
        let _ = std::process::Command::new("kill").arg("-KILL").arg(pid.to_string()).stderr(std::process::Stdio::null()).status();
    }
}

/// Unregisters its directories when dropped (the owner removes or keeps them itself).
#[derive(Debug)]
pub struct Registered {
    dirs: Vec<PathBuf>,
}

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut all) = DIRS.lock() {
            for d in &self.dirs {
                if let Some(i) = all.iter().rposition(|x| x == d) {
                    all.remove(i);
                }
            }
        }
    }
}

/// Registers `dirs` for removal on interruption (a path that is a file when it is
/// removed, such as a run directory's lock, is removed as a file).
pub fn register(dirs: &[&Path]) -> Registered {
    let dirs: Vec<PathBuf> = dirs.iter().map(|d| d.to_path_buf()).collect();
    if let Ok(mut all) = DIRS.lock() {
        all.extend(dirs.iter().cloned());
    }
    Registered { dirs }
}

/// Removes every registered directory (a few attempts: a tool still running may be
/// adding files). Keeps the registry locked, so nothing registers meanwhile.
pub fn remove_all() {
    let all = match DIRS.lock() {
        Ok(g) => g,
        Err(p) => p.into_inner(),
    };
    for d in all.iter().rev() {
        if d.is_file() {
            let _ = std::fs::remove_file(d);
            continue;
        }
        for _ in 0..20 {
            match std::fs::remove_dir_all(d) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => std::thread::sleep(std::time::Duration::from_millis(50)),
                _ => break,
            }
        }
    }
    // the caller exits next; keep the lock so no new directory is registered
    std::mem::forget(all);
}

/// From now on, Ctrl-C or SIGTERM removes every registered directory (image root, work and
/// staging directories) and exits with status 130. Called once the run holds its locks.
pub fn remove_all_on_interrupt() {
    std::thread::spawn(|| {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
        let got = rt.block_on(async {
            use tokio::signal::unix::{signal, SignalKind};
            let (Ok(mut int), Ok(mut term)) = (signal(SignalKind::interrupt()), signal(SignalKind::terminate())) else {
                return false;
            };
            tokio::select! {
                _ = int.recv() => true,
                _ = term.recv() => true,
            }
        });
        if got {
            eprintln!("interrupted: removing this run's work directories");
            kill_all();
            remove_all();
            std::process::exit(130);
        }
    });
}
