//! Directories a command removes if it is interrupted (Ctrl-C, SIGTERM): code that creates
//! work directories registers them for as long as it uses them; the command's signal
//! handler calls [`remove_all`] before it exits.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

static DIRS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static PIDS: Mutex<Vec<u32>> = Mutex::new(Vec::new());
static COMMANDS: Mutex<Vec<(u64, Vec<std::ffi::OsString>)>> = Mutex::new(Vec::new());
static NEXT_COMMAND: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
static HANDLER: std::sync::Once = std::sync::Once::new();

/// Unregisters its command when dropped (the owner no longer needs it run).
#[derive(Debug)]
pub struct RegisteredCommand {
    id: u64,
}

impl Drop for RegisteredCommand {
    fn drop(&mut self) {
        if let Ok(mut all) = COMMANDS.lock() {
            all.retain(|(i, _)| *i != self.id);
        }
    }
}

/// Registers a command (program and arguments, no shell) to run on interruption, before
/// the registered directories are removed: e.g. removing a container whose processes are
/// not this process's children, so Ctrl-C or a scheduler's SIGTERM never leaves it running.
pub fn register_command(argv: Vec<std::ffi::OsString>) -> RegisteredCommand {
    let id = NEXT_COMMAND.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    if let Ok(mut all) = COMMANDS.lock() {
        all.push((id, argv));
    }
    RegisteredCommand { id }
}

/// Runs every registered command (newest first), waiting for each.
fn run_commands() {
    let all = match COMMANDS.lock() {
        Ok(g) => g.clone(),
        Err(p) => p.into_inner().clone(),
    };
    for (_, argv) in all.iter().rev() {
        if let Some((prog, args)) = argv.split_first() {
            let _ = std::process::Command::new(prog).args(args).stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null()).status();
        }
    }
}

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

/// From now on, Ctrl-C, SIGTERM or SIGHUP kills the registered processes, runs the
/// registered commands, removes every registered directory (image root, work and staging
/// directories) and exits with status 130. Called once the run holds its locks; calling it
/// again does nothing.
pub fn remove_all_on_interrupt() {
    HANDLER.call_once(|| {
        // the handlers are in place when this returns (no window for the default action)
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || handle_interrupts(tx));
        let _ = rx.recv_timeout(std::time::Duration::from_secs(5));
    });
}

fn handle_interrupts(ready: std::sync::mpsc::Sender<()>) {
    {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
            let _ = ready.send(());
            return;
        };
        let got = rt.block_on(async {
            use tokio::signal::unix::{signal, SignalKind};
            let (Ok(mut int), Ok(mut term), Ok(mut hup)) = (signal(SignalKind::interrupt()), signal(SignalKind::terminate()), signal(SignalKind::hangup())) else {
                let _ = ready.send(());
                return false;
            };
            let _ = ready.send(());
            tokio::select! {
                _ = int.recv() => true,
                _ = term.recv() => true,
                _ = hup.recv() => true,
            }
        });
        if got {
            eprintln!("interrupted: removing this run's work directories");
            kill_all();
            run_commands();
            remove_all();
            std::process::exit(130);
        }
    }
}
