//! The public keys an image's update agent trusts, baked into its /usr
//! (`/usr/share/railyard/update-keys/<keyid>.pub`, the Railyard public-key text format).
//!
//! Sources, merged and deduplicated by key id: the board's `[update] keys` files and the
//! `--update_key` files; when neither names a key, the public half of the signing key (a
//! release signed with K accepts updates signed with K). Without any key the image refuses
//! every update, which `build_image` says in a warning.

use anyhow::{bail, Context, Result};
use ed25519_dalek::VerifyingKey;
use railyard_attest::keys;
use railyard_image::UpdateKey;
use std::path::{Path, PathBuf};

/// A public key file larger than this is not a key file.
const MAX_KEY_FILE: u64 = 64 * 1024;

/// Where the baked keys came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The board's `[update] keys` and/or `--update_key` files.
    Given,
    /// The public half of the signing key (nothing else named a key).
    SigningKey,
    /// No key at all: the image refuses every update.
    None,
}

/// The keys to bake and where they came from.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// In key id order, without duplicates.
    pub keys: Vec<UpdateKey>,
    /// Their source.
    pub origin: Origin,
}

/// The [`UpdateKey`] of a public key (its file: the Railyard public-key text format).
pub fn update_key(k: &VerifyingKey) -> UpdateKey {
    UpdateKey {
        keyid: railyard_update_format::keyid(k),
        public_key: hex::encode(k.as_bytes()),
        text: keys::public_key_text(k),
    }
}

/// Reads a public key file named by `what` (a regular file; a link is refused when
/// `no_links`); a private key is refused.
fn load_public_key(path: &Path, what: &str, no_links: bool) -> Result<VerifyingKey> {
    let shown = path.display();
    let md = if no_links { std::fs::symlink_metadata(path) } else { std::fs::metadata(path) }.with_context(|| format!("{what}: cannot read the key file {shown}"))?;
    if md.file_type().is_symlink() {
        bail!("{what}: the key file {shown} is a symbolic link; name the key file itself");
    }
    if !md.is_file() {
        bail!("{what}: the key file {shown} is not a regular file");
    }
    if md.len() > MAX_KEY_FILE {
        bail!("{what}: the key file {shown} is {} bytes, too large for a public key", md.len());
    }
    let text = std::fs::read_to_string(path).with_context(|| format!("{what}: reading the key file {shown}"))?;
    if text.contains("railyard-ed25519-private") || text.contains("PRIVATE KEY") {
        bail!("{what}: {shown} is a PRIVATE key; give the public key (the `.pub` file `keygen` writes next to it), and keep private keys out of board configs and images");
    }
    keys::parse_verifying_key(&text, &shown.to_string()).with_context(|| format!("{what}: {shown} is not a usable ed25519 public key"))
}

/// The board's `[update] keys`: relative paths stay inside the board directory (no links).
pub fn board_keys(board: &railyard_core::Board) -> Result<Vec<VerifyingKey>> {
    let toml = board.dir().join("board.toml");
    board
        .update
        .keys
        .iter()
        .zip(board.update_key_paths())
        .enumerate()
        .map(|(i, (given, path))| {
            let what = format!("{} [update] keys[{i}] ({})", toml.display(), given.display());
            load_public_key(&path, &what, given.is_relative())
        })
        .collect()
}

/// The `--update_key` files.
pub fn flag_keys(files: &[PathBuf]) -> Result<Vec<VerifyingKey>> {
    files.iter().map(|p| load_public_key(p, &format!("--update_key={}", p.display()), false)).collect()
}

/// Merges the sources: board and flag keys, else the signing key's public half, else none.
pub fn resolve(board: &[VerifyingKey], flags: &[VerifyingKey], signing: Option<&VerifyingKey>) -> Result<Resolved> {
    let given: Vec<UpdateKey> = board.iter().chain(flags).map(update_key).collect();
    let (keys, origin) = if !given.is_empty() {
        (given, Origin::Given)
    } else if let Some(k) = signing {
        (vec![update_key(k)], Origin::SigningKey)
    } else {
        (Vec::new(), Origin::None)
    };
    Ok(Resolved { keys: railyard_image::pipeline::normalize_update_keys(&keys)?, origin })
}

/// What `build_image` prints about the keys (a warning without any).
pub fn message(r: &Resolved) -> String {
    let ids = r.keys.iter().map(|k| k.keyid.as_str()).collect::<Vec<_>>().join(", ");
    match r.origin {
        Origin::Given => format!("update keys baked into /usr/share/railyard/update-keys (from [update] keys / --update_key): {ids}"),
        Origin::SigningKey => format!("update keys baked into /usr/share/railyard/update-keys (the signing key's, no [update] keys or --update_key given): {ids}"),
        Origin::None => "warning: no update keys (no [update] keys in board.toml, no --update_key, no signing key): the image trusts no key and its update agent will refuse every update".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::SigningKey;

    fn vk(b: u8) -> VerifyingKey {
        SigningKey::from_bytes(&[b; 32]).verifying_key()
    }

    #[test]
    fn sources_merge_and_the_signing_key_is_the_fallback() {
        let (a, b, s) = (vk(1), vk(2), vk(3));
        let mut ab = vec![update_key(&a), update_key(&b)];
        ab.sort_by(|x, y| x.keyid.cmp(&y.keyid));
        // board and flag keys merge, duplicates dropped, key id order; the signing key is not added
        let r = resolve(&[b, a], &[a], Some(&s)).unwrap();
        assert_eq!((r.keys.clone(), r.origin.clone()), (ab.clone(), Origin::Given));
        assert_eq!(resolve(&[], &[a, b], Some(&s)).unwrap().keys, ab);
        assert!(message(&r).contains(&ab[0].keyid));
        // neither: the signing key's public half
        let r = resolve(&[], &[], Some(&s)).unwrap();
        assert_eq!((r.keys.clone(), r.origin.clone()), (vec![update_key(&s)], Origin::SigningKey));
        assert_eq!(r.keys[0].keyid, railyard_attest::dsse::keyid(&s));
        assert_eq!(r.keys[0].text, keys::public_key_text(&s));
        // nothing: no key, and a warning
        let r = resolve(&[], &[], None).unwrap();
        assert!(r.keys.is_empty() && r.origin == Origin::None);
        assert!(message(&r).starts_with("warning:") && message(&r).contains("refuse every update"));
    }

    /// A copy of the amd64 board in `root` with `update` instead of its `[update]` section.
    fn board_with(root: &Path, update: &str) -> Result<railyard_core::Board> {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let text = std::fs::read_to_string(repo.join("board-configs/amd64-usr/board.toml")).unwrap();
        // [update] is the board's last section
        let base = text.split("\n[update]").next().unwrap();
        let text = format!("{base}\n{update}\n");
        let d = root.join("board-configs/amd64-usr");
        std::fs::create_dir_all(&d).unwrap();
        std::fs::write(d.join("board.toml"), text).unwrap();
        railyard_core::Board::load(root, "amd64-usr")
    }

    #[test]
    fn board_keys_are_public_key_files_of_the_board() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path().join("board-configs/amd64-usr");
        std::fs::create_dir_all(d.join("keys")).unwrap();
        let (a, b) = (vk(7), vk(8));
        std::fs::write(d.join("keys/a.pub"), keys::public_key_text(&a)).unwrap();
        let outside = t.path().join("b.pub.pem");
        std::fs::write(&outside, keys::public_key_pem(&b)).unwrap();
        // relative to the board directory, or absolute; the PEM form is read too
        let board = board_with(t.path(), &format!("[update]\nkeys = [\"keys/a.pub\", \"{}\"]", outside.display())).unwrap();
        assert_eq!(board_keys(&board).unwrap(), vec![a, b]);
        // none
        let board = board_with(t.path(), "[update]\nkeys = []").unwrap();
        assert!(board_keys(&board).unwrap().is_empty());
        // `..` is refused by the board parser, naming board.toml and the field
        let e = format!("{:#}", board_with(t.path(), "[update]\nkeys = [\"../../b.pub.pem\"]").unwrap_err());
        assert!(e.contains("board-configs/amd64-usr/board.toml") && e.contains("[update] keys[0]") && e.contains(".."), "{e}");
        // a private key, a missing file, a directory, a link, garbage: each names board.toml and the file
        let sk = SigningKey::from_bytes(&[9; 32]);
        std::fs::write(d.join("keys/release.key"), keys::private_key_text(&sk)).unwrap();
        std::fs::write(d.join("keys/release.pem"), keys::private_key_pem(&sk)).unwrap();
        std::fs::write(d.join("keys/junk.pub"), "hello\n").unwrap();
        std::os::unix::fs::symlink(&outside, d.join("keys/link.pub")).unwrap();
        for (file, want) in [
            ("keys/release.key", "PRIVATE key"),
            ("keys/release.pem", "PRIVATE key"),
            ("keys/missing.pub", "cannot read the key file"),
            ("keys", "not a regular file"),
            ("keys/link.pub", "symbolic link"),
            ("keys/junk.pub", "not a usable ed25519 public key"),
        ] {
            let board = board_with(t.path(), &format!("[update]\nkeys = [\"keys/a.pub\", \"{file}\"]")).unwrap();
            let e = format!("{:#}", board_keys(&board).unwrap_err());
            assert!(e.contains("board.toml [update] keys[1]") && e.contains(file) && e.contains(want), "{file}: {e}");
            assert!(!e.contains(&hex::encode(sk.to_bytes())), "the private key leaks into the error: {e}");
        }
    }

    #[test]
    fn flag_keys_refuse_private_keys() {
        let t = tempfile::tempdir().unwrap();
        let sk = SigningKey::from_bytes(&[4; 32]);
        let (pubf, privf) = (t.path().join("k.pub"), t.path().join("k.key"));
        std::fs::write(&pubf, keys::public_key_text(&sk.verifying_key())).unwrap();
        std::fs::write(&privf, keys::private_key_text(&sk)).unwrap();
        assert_eq!(flag_keys(std::slice::from_ref(&pubf)).unwrap(), vec![sk.verifying_key()]);
        let e = format!("{:#}", flag_keys(&[pubf, privf.clone()]).unwrap_err());
        assert!(e.contains(&format!("--update_key={}", privf.display())) && e.contains("PRIVATE key"), "{e}");
    }
}
