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

/// This process's descendants (children first, then theirs), from /proc: the tools a run
/// started (mkfs, zstd, tar, a container engine) keep writing into its work directories
/// after the signal unless they are stopped before the directories are removed.
fn descendants() -> Vec<u32> {
    let mut parent_of: Vec<(u32, u32)> = Vec::new();
    if let Ok(rd) = std::fs::read_dir("/proc") {
        for e in rd.flatten() {
            let Some(pid) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
            let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else { continue };
            // "pid (comm) state ppid …": comm may hold spaces and parentheses
            let Some(rest) = stat.rfind(')').map(|i| &stat[i + 1..]) else { continue };
            if let Some(ppid) = rest.split_whitespace().nth(1).and_then(|s| s.parse::<u32>().ok()) {
                parent_of.push((pid, ppid));
            }
        }
    }
    let mut found = vec![std::process::id()];
    let mut i = 0;
    while i < found.len() {
        let p = found[i];
        found.extend(parent_of.iter().filter(|(_, pp)| *pp == p).map(|(c, _)| *c));
        i += 1;
    }
    found.remove(0);
    found
}

/// Stops every descendant process (SIGKILL) and waits (up to 2 s) until none is left but
/// zombies (their files are closed).
fn kill_descendants() {
    for pid in descendants() {
        // at worst the process is gone already
        if let Some(p) = rustix::process::Pid::from_raw(pid as i32) {
            let _ = rustix::process::kill_process(p, rustix::process::Signal::KILL);
        }
    }
    // wait until they are gone (a killed child is a zombie until reaped; its files are closed)
    let t = std::time::Instant::now();
    while t.elapsed() < std::time::Duration::from_secs(2) {
        let alive = descendants()
            .into_iter()
            .filter(|p| std::fs::read_to_string(format!("/proc/{p}/stat")).is_ok_and(|s| !s.rsplit(')').next().unwrap_or("").trim_start().starts_with('Z')))
            .count();
        if alive == 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
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
/// registered commands, kills every process this one started, removes every registered
/// directory (image root, work and staging directories) and exits with status 130. Called once the run holds its locks; calling it
/// again does nothing.
pub fn remove_all_on_interrupt() {
    HANDLER.call_once(|| {
        // the handlers are in place when this returns (no window for the default action)
        // Once interrupted, no other thread may end the process before the cleanup has: the
        // main thread sees its tools die (they are killed, or got the signal too) and would
        // exit, taking the cleanup with it. An exit handler parks any such thread; the
        // cleanup ends the process itself with _exit.
        // SAFETY: atexit(3) with a function that only reads an atomic and parks the thread.
        #[allow(unsafe_code)]
        unsafe {
            atexit(park_while_cleaning_up);
        }
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || handle_interrupts(tx));
        let _ = rx.recv_timeout(std::time::Duration::from_secs(5));
    });
}

/// Set when an interruption's cleanup starts.
static CLEANING_UP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

extern "C" {
    fn atexit(f: extern "C" fn()) -> std::os::raw::c_int;
    fn _exit(status: std::os::raw::c_int) -> !;
}

/// Exit handler: a thread that ends the process while the interruption's cleanup runs waits
/// for it instead (the cleanup ends the process).
extern "C" fn park_while_cleaning_up() {
    if CLEANING_UP.load(std::sync::atomic::Ordering::SeqCst) {
        loop {
            std::thread::park();
        }
    }
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
            CLEANING_UP.store(true, std::sync::atomic::Ordering::SeqCst);
            eprintln!("interrupted: removing this run's work directories");
            kill_all();
            // the registered commands first (e.g. `podman rm -f` of a container whose engine
            // client is our child: as fast as before, within a scheduler's kill grace time),
            // then every tool still running, then the directories they were writing into
            run_commands();
            kill_descendants();
            remove_all();
            // _exit: no exit handlers (they would park this thread), and whatever another
            // thread is doing ends here
            // SAFETY: _exit(2) ends the process; nothing runs after it.
            #[allow(unsafe_code)]
            unsafe {
                _exit(130)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn descendants_include_children_and_grandchildren() {
        // sh (child) starts sleep (grandchild) and waits for it
        let mut c = std::process::Command::new("sh").args(["-c", "sleep 30 & echo $!; wait"]).stdout(std::process::Stdio::piped()).spawn().unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(c.stdout.take().unwrap()), &mut line).unwrap();
        let grandchild: u32 = line.trim().parse().unwrap();
        let d = super::descendants();
        let _ = std::process::Command::new("kill").arg(grandchild.to_string()).status();
        let _ = c.wait();
        assert!(d.contains(&c.id()) && d.contains(&grandchild), "{d:?} lacks {} or {grandchild}", c.id());
        assert!(!d.contains(&std::process::id()), "not this process itself");
    }
}
