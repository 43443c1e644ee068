//! Dependency-specification trees (PMS 8.2, EAPI 8) as used by
//! `DEPEND`/`RDEPEND`/`BDEPEND`/`PDEPEND`/`IDEPEND`, `SRC_URI`, `LICENSE`,
//! `RESTRICT`, `PROPERTIES` (and, via [`parse`], `REQUIRED_USE`).
//!
//! Text is split on whitespace; `(`, `)`, `||`, `^^`, `??`, `flag?`,
//! `!flag?` and (in `SRC_URI`) `->` must be separate tokens. Every other
//! token is a leaf, converted by a caller-supplied function. Groups must not
//! be empty (Portage rejects `( )` too). Errors name the offending token
//! and its 1-based position.
//!
//! Evaluation helpers: [`reduce`] resolves USE conditionals and flattens
//! all-of groups while keeping choice groups for a resolver; [`leaves`]
//! picks the first alternative of every choice; [`all_leaves`] ignores all
//! conditions (e.g. to fetch every distfile like `ebuild … manifest`).

use std::collections::BTreeSet;
use std::fmt;

use anyhow::{anyhow, bail, Result};

use crate::atom::{validate_use_flag, Atom};

/// A node of a dependency-specification tree.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Node<T> {
    /// A single item (an atom, a URI, a licence name, …).
    Leaf(T),
    /// `( … )`: all of the children.
    AllOf(Vec<Node<T>>),
    /// `|| ( … )`: at least one of the children.
    AnyOf(Vec<Node<T>>),
    /// `^^ ( … )`: exactly one of the children (`REQUIRED_USE` only).
    ExactlyOneOf(Vec<Node<T>>),
    /// `?? ( … )`: at most one of the children (`REQUIRED_USE` only).
    AtMostOneOf(Vec<Node<T>>),
    /// `flag? ( … )` or, with `negate`, `!flag? ( … )`: the children apply
    /// only if the flag is enabled (disabled).
    UseCond {
        /// The USE flag tested.
        flag: String,
        /// True for `!flag?`.
        negate: bool,
        /// The conditional children.
        children: Vec<Node<T>>,
    },
}

impl<T: fmt::Display> fmt::Display for Node<T> {
    /// Prints the node in dependency-string syntax (single spaces).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let group = |f: &mut fmt::Formatter<'_>, prefix: &str, children: &[Node<T>]| {
            write!(f, "{prefix}(")?;
            for c in children {
                write!(f, " {c}")?;
            }
            f.write_str(" )")
        };
        match self {
            Node::Leaf(t) => write!(f, "{t}"),
            Node::AllOf(c) => group(f, "", c),
            Node::AnyOf(c) => group(f, "|| ", c),
            Node::ExactlyOneOf(c) => group(f, "^^ ", c),
            Node::AtMostOneOf(c) => group(f, "?? ", c),
            Node::UseCond { flag, negate, children } => {
                let bang = if *negate { "!" } else { "" };
                group(f, &format!("{bang}{flag}? "), children)
            }
        }
    }
}

/// Renders a node list back to dependency-string syntax, e.g.
/// `a/b ssl? ( c/d )`.
pub fn render<T: fmt::Display>(nodes: &[Node<T>]) -> String {
    nodes.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(" ")
}

/// One `SRC_URI` entry.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SrcUri {
    /// The URI as written (may also be a bare file name without a scheme,
    /// to be fetched from mirrors).
    pub uri: String,
    /// The distfile name: the target of `-> name`, else the last path
    /// component of `uri`.
    pub filename: String,
}

impl fmt::Display for SrcUri {
    /// Prints `uri`, or `uri -> filename` when the name differs from the
    /// URI's last path component.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if last_component(&self.uri) == self.filename {
            f.write_str(&self.uri)
        } else {
            write!(f, "{} -> {}", self.uri, self.filename)
        }
    }
}

fn last_component(uri: &str) -> &str {
    uri.rsplit('/').next().unwrap_or(uri)
}

/// Which group forms a particular variable allows.
#[derive(Clone, Copy)]
struct Syntax {
    /// `SRC_URI` arrows.
    arrows: bool,
    /// `|| ( … )`.
    any_of: bool,
    /// `^^ ( … )` and `?? ( … )`.
    one_of: bool,
    /// What the string is, for error messages.
    what: &'static str,
}

/// Maximum group nesting, to keep recursion bounded on hostile input.
const MAX_DEPTH: usize = 200;

struct Parser<'s, 'f, T> {
    toks: Vec<&'s str>,
    pos: usize,
    syntax: Syntax,
    leaf: &'f dyn Fn(&str, Option<&str>) -> Result<T>,
}

fn is_operator(tok: &str) -> bool {
    matches!(tok, "(" | ")" | "||" | "^^" | "??" | "->")
}

impl<T> Parser<'_, '_, T> {
    fn err(&self, at: usize, msg: impl fmt::Display) -> anyhow::Error {
        anyhow!("{}: {msg} at token {} ('{}')", self.syntax.what, at + 1, self.toks[at])
    }

    /// Parses items until the end (top level) or a `)` (inside a group
    /// opened at token index `open`).
    fn seq(&mut self, open: Option<usize>, depth: usize) -> Result<Vec<Node<T>>> {
        let mut out = Vec::new();
        loop {
            let Some(&tok) = self.toks.get(self.pos) else {
                return match open {
                    Some(o) => Err(self.err(o, "unbalanced '(': no matching ')'")),
                    None => Ok(out),
                };
            };
            let at = self.pos;
            self.pos += 1;
            match tok {
                ")" => {
                    return match open {
                        Some(_) => Ok(out),
                        None => Err(self.err(at, "unbalanced ')'")),
                    }
                }
                "(" => out.push(Node::AllOf(self.group(at, depth)?)),
                "||" | "^^" | "??" => {
                    let allowed = if tok == "||" { self.syntax.any_of } else { self.syntax.one_of };
                    if !allowed {
                        return Err(self.err(at, format!("'{tok}' groups are not allowed in {}", self.syntax.what)));
                    }
                    let children = self.open_group(at, depth)?;
                    out.push(match tok {
                        "||" => Node::AnyOf(children),
                        "^^" => Node::ExactlyOneOf(children),
                        _ => Node::AtMostOneOf(children),
                    });
                }
                "->" => {
                    return Err(if self.syntax.arrows {
                        self.err(at, "'->' must follow a URI")
                    } else {
                        self.err(at, format!("'->' is only allowed in SRC_URI, not in {}", self.syntax.what))
                    })
                }
                _ if tok.ends_with('?') => {
                    let (negate, flag) = match tok.strip_prefix('!') {
                        Some(f) => (true, &f[..f.len() - 1]),
                        None => (false, &tok[..tok.len() - 1]),
                    };
                    if flag.is_empty() {
                        return Err(self.err(at, "empty USE flag in conditional"));
                    }
                    validate_use_flag(flag).map_err(|e| self.err(at, format!("bad USE conditional: {e:#}")))?;
                    let children = self.open_group(at, depth)?;
                    out.push(Node::UseCond { flag: flag.to_string(), negate, children });
                }
                _ => {
                    let is_uri = self.syntax.arrows && tok.contains("://");
                    if tok.starts_with('(') || (tok.ends_with(')') && !is_uri) {
                        return Err(self.err(at, "parentheses must be separate tokens (missing whitespace)"));
                    }
                    if tok.starts_with("||") {
                        return Err(self.err(at, "'||' must be a separate token (missing whitespace)"));
                    }
                    let mut rename = None;
                    if self.syntax.arrows && self.toks.get(self.pos) == Some(&"->") {
                        let arrow = self.pos;
                        let Some(&target) = self.toks.get(arrow + 1) else {
                            return Err(self.err(arrow, "'->' must be followed by a file name, got end of string"));
                        };
                        if is_operator(target) || target.ends_with('?') {
                            return Err(self.err(arrow + 1, "'->' must be followed by a file name"));
                        }
                        if target.contains('/') {
                            return Err(self.err(arrow + 1, "file name after '->' must not contain '/'"));
                        }
                        rename = Some(target);
                        self.pos += 2;
                    }
                    let leaf = (self.leaf)(tok, rename).map_err(|e| self.err(at, format!("{e:#}")))?;
                    out.push(Node::Leaf(leaf));
                }
            }
        }
    }

    /// Expects `(` right after the operator/conditional at `at`, then parses
    /// the group.
    fn open_group(&mut self, at: usize, depth: usize) -> Result<Vec<Node<T>>> {
        match self.toks.get(self.pos) {
            Some(&"(") => {
                let open = self.pos;
                self.pos += 1;
                self.group(open, depth)
            }
            Some(other) => Err(self.err(at, format!("must be followed by '(', got '{other}'"))),
            None => Err(self.err(at, "must be followed by '(', got end of string")),
        }
    }

    /// Parses the inside of a group whose `(` is at `open` (already
    /// consumed); rejects empty groups.
    fn group(&mut self, open: usize, depth: usize) -> Result<Vec<Node<T>>> {
        if depth >= MAX_DEPTH {
            return Err(self.err(open, format!("groups nested deeper than {MAX_DEPTH}")));
        }
        let children = self.seq(Some(open), depth + 1)?;
        if children.is_empty() {
            return Err(self.err(open, "empty group '( )'"));
        }
        Ok(children)
    }
}

fn parse_with<T>(s: &str, syntax: Syntax, leaf: &dyn Fn(&str, Option<&str>) -> Result<T>) -> Result<Vec<Node<T>>> {
    let mut p = Parser { toks: s.split_whitespace().collect(), pos: 0, syntax, leaf };
    p.seq(None, 0)
}

/// Parses a dependency-specification string with every group form allowed
/// (`( )`, `|| ( )`, `^^ ( )`, `?? ( )`, `flag? ( )`, `!flag? ( )`),
/// converting each leaf token with `leaf`. `->` is rejected (see
/// [`parse_src_uri`]).
pub fn parse<T>(s: &str, leaf: impl Fn(&str) -> Result<T>) -> Result<Vec<Node<T>>> {
    let syntax = Syntax { arrows: false, any_of: true, one_of: true, what: "dependency string" };
    parse_with(s, syntax, &|tok, _| leaf(tok))
}

/// Parses a `*DEPEND` string into atoms. `^^` and `??` groups are rejected
/// (PMS allows them only in `REQUIRED_USE`).
pub fn parse_deps(s: &str) -> Result<Vec<Node<Atom>>> {
    let syntax = Syntax { arrows: false, any_of: true, one_of: false, what: "dependencies" };
    parse_with(s, syntax, &|tok, _| Atom::parse(tok))
}

/// Parses a `LICENSE`, `RESTRICT` or `PROPERTIES` string into plain
/// strings. All group forms are accepted (`LICENSE` uses `||`); the tokens
/// themselves are not validated.
pub fn parse_strings(s: &str) -> Result<Vec<Node<String>>> {
    parse(s, |tok| Ok(tok.to_string()))
}

/// Parses `SRC_URI`. `uri -> name` renames the distfile (the arrow takes
/// the next token, which must not contain `/`); without an arrow the file
/// name is the URI's last path component, which must not be empty. A bare
/// file name without a scheme is accepted. Only all-of and USE-conditional
/// groups are allowed (PMS 8.2). A URI containing `://` may end in `)`.
pub fn parse_src_uri(s: &str) -> Result<Vec<Node<SrcUri>>> {
    let syntax = Syntax { arrows: true, any_of: false, one_of: false, what: "SRC_URI" };
    parse_with(s, syntax, &|uri, rename| {
        let filename = match rename {
            Some(name) => name,
            None => {
                let name = last_component(uri);
                if name.is_empty() {
                    bail!("cannot derive a file name from '{uri}' (ends in '/'; add '-> name')");
                }
                name
            }
        };
        Ok(SrcUri { uri: uri.to_string(), filename: filename.to_string() })
    })
}

fn cond_active(flag: &str, negate: bool, use_on: &dyn Fn(&str) -> bool) -> bool {
    use_on(flag) != negate
}

/// Evaluates USE conditionals (keeping the children of active ones) and
/// flattens all-of groups, leaving only leaves and choice groups (`||`,
/// `^^`, `??`) for a resolver.
///
/// Inside a choice group each alternative is reduced too: an alternative
/// that is an all-of group, or an active USE-conditional group, stays one
/// alternative (as an [`Node::AllOf`] if it has several items); inactive
/// conditionals disappear; a `||` nested directly in a `||` is merged
/// into it. A `||` left with a single alternative is replaced by that
/// alternative. A `||` whose alternatives all disappeared is kept as an
/// empty `Node::AnyOf(vec![])`, which can never be satisfied (EAPI 7+
/// semantics, as Portage does). `^^`/`??` groups are kept even with one or
/// zero alternatives.
pub fn reduce<T: Clone>(nodes: &[Node<T>], use_on: &dyn Fn(&str) -> bool) -> Vec<Node<T>> {
    let mut out = Vec::new();
    reduce_into(nodes, use_on, &mut out);
    out
}

fn reduce_into<T: Clone>(nodes: &[Node<T>], use_on: &dyn Fn(&str) -> bool, out: &mut Vec<Node<T>>) {
    for n in nodes {
        match n {
            Node::Leaf(t) => out.push(Node::Leaf(t.clone())),
            Node::AllOf(c) => reduce_into(c, use_on, out),
            Node::UseCond { flag, negate, children } => {
                if cond_active(flag, *negate, use_on) {
                    reduce_into(children, use_on, out);
                }
            }
            Node::AnyOf(c) => {
                let mut alts = reduce_alternatives(c, use_on, true);
                if alts.len() == 1 {
                    match alts.pop() {
                        Some(Node::AllOf(items)) => out.extend(items),
                        Some(other) => out.push(other),
                        None => {}
                    }
                } else {
                    out.push(Node::AnyOf(alts));
                }
            }
            Node::ExactlyOneOf(c) => out.push(Node::ExactlyOneOf(reduce_alternatives(c, use_on, false))),
            Node::AtMostOneOf(c) => out.push(Node::AtMostOneOf(reduce_alternatives(c, use_on, false))),
        }
    }
}

/// Reduces the children of a choice group into its alternatives.
fn reduce_alternatives<T: Clone>(children: &[Node<T>], use_on: &dyn Fn(&str) -> bool, merge_any_of: bool) -> Vec<Node<T>> {
    let mut alts = Vec::new();
    for child in children {
        let items = match child {
            Node::UseCond { flag, negate, children } => {
                if !cond_active(flag, *negate, use_on) {
                    continue;
                }
                reduce(children, use_on)
            }
            other => reduce(std::slice::from_ref(other), use_on),
        };
        match items.len() {
            0 => {}
            1 => match items.into_iter().next() {
                Some(Node::AnyOf(inner)) if merge_any_of && !inner.is_empty() => alts.extend(inner),
                Some(item) => alts.push(item),
                None => {}
            },
            _ => alts.push(Node::AllOf(items)),
        }
    }
    alts
}

/// All leaves that apply under `use_on`: USE conditionals are evaluated
/// and all-of groups flattened. For a choice group (`||`, `^^`, `??`) only
/// its **first** remaining alternative (after evaluating conditionals, see
/// [`reduce`]) contributes; an empty choice contributes nothing.
pub fn leaves<T: Clone>(nodes: &[Node<T>], use_on: &dyn Fn(&str) -> bool) -> Vec<T> {
    let mut out = Vec::new();
    first_leaves(&reduce(nodes, use_on), &mut out);
    out
}

fn first_leaves<T: Clone>(nodes: &[Node<T>], out: &mut Vec<T>) {
    for n in nodes {
        match n {
            Node::Leaf(t) => out.push(t.clone()),
            Node::AllOf(c) => first_leaves(c, out),
            Node::AnyOf(c) | Node::ExactlyOneOf(c) | Node::AtMostOneOf(c) => {
                first_leaves(c.get(..1).unwrap_or(&[]), out)
            }
            // Not produced by `reduce`; handled for completeness.
            Node::UseCond { children, .. } => first_leaves(children, out),
        }
    }
}

/// Every leaf in the tree, in order, ignoring USE conditions and choices
/// (e.g. all distfiles of `SRC_URI`, as `ebuild … manifest` fetches them).
pub fn all_leaves<T: Clone>(nodes: &[Node<T>]) -> Vec<T> {
    let mut out = Vec::new();
    collect_all(nodes, &mut out);
    out
}

fn collect_all<T: Clone>(nodes: &[Node<T>], out: &mut Vec<T>) {
    for n in nodes {
        match n {
            Node::Leaf(t) => out.push(t.clone()),
            Node::AllOf(c) | Node::AnyOf(c) | Node::ExactlyOneOf(c) | Node::AtMostOneOf(c) => collect_all(c, out),
            Node::UseCond { children, .. } => collect_all(children, out),
        }
    }
}

/// The USE flags tested by conditional groups anywhere in the tree. USE
/// dependencies inside atom leaves are not included.
pub fn use_flags_referenced<T>(nodes: &[Node<T>]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    collect_flags(nodes, &mut out);
    out
}

fn collect_flags<T>(nodes: &[Node<T>], out: &mut BTreeSet<String>) {
    for n in nodes {
        match n {
            Node::Leaf(_) => {}
            Node::AllOf(c) | Node::AnyOf(c) | Node::ExactlyOneOf(c) | Node::AtMostOneOf(c) => collect_flags(c, out),
            Node::UseCond { flag, children, .. } => {
                out.insert(flag.clone());
                collect_flags(children, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strs(s: &str) -> Vec<Node<String>> {
        parse_strings(s).unwrap_or_else(|e| panic!("{e:#}"))
    }

    fn leaf(s: &str) -> Node<String> {
        Node::Leaf(s.to_string())
    }

    fn set(flags: &'static [&'static str]) -> impl Fn(&str) -> bool {
        move |f: &str| flags.contains(&f)
    }

    #[test]
    fn parse_all_forms() {
        let n = strs("a ( b c ) || ( d e ) ^^ ( f g ) ?? ( h i ) x? ( j ) !y? ( k ( l ) )");
        assert_eq!(
            n,
            vec![
                leaf("a"),
                Node::AllOf(vec![leaf("b"), leaf("c")]),
                Node::AnyOf(vec![leaf("d"), leaf("e")]),
                Node::ExactlyOneOf(vec![leaf("f"), leaf("g")]),
                Node::AtMostOneOf(vec![leaf("h"), leaf("i")]),
                Node::UseCond { flag: "x".into(), negate: false, children: vec![leaf("j")] },
                Node::UseCond {
                    flag: "y".into(),
                    negate: true,
                    children: vec![leaf("k"), Node::AllOf(vec![leaf("l")])],
                },
            ]
        );
        assert_eq!(render(&n), "a ( b c ) || ( d e ) ^^ ( f g ) ?? ( h i ) x? ( j ) !y? ( k ( l ) )");
        // Any whitespace separates tokens.
        assert_eq!(strs("\n\ta\n  ||\t(\nb c\n)\n"), strs("a || ( b c )"));
        assert!(strs("").is_empty());
        assert!(strs("   \n").is_empty());
    }

    #[test]
    fn parse_errors_say_what_and_where() {
        for (s, why) in [
            ("a )", "unbalanced ')' at token 2 (')')"),
            ("a ( b", "unbalanced '(': no matching ')' at token 2 ('(')"),
            ("( ( a )", "unbalanced '(': no matching ')' at token 1"),
            ("|| a", "must be followed by '(', got 'a' at token 1 ('||')"),
            ("a ||", "must be followed by '(', got end of string at token 2"),
            ("^^ b", "must be followed by '('"),
            ("foo? a", "must be followed by '(', got 'a' at token 1 ('foo?')"),
            ("? ( a )", "empty USE flag in conditional at token 1 ('?')"),
            ("!? ( a )", "empty USE flag in conditional at token 1 ('!?')"),
            ("_x? ( a )", "bad USE conditional: USE flag '_x' must not start with '_' at token 1"),
            ("a ( )", "empty group '( )' at token 2"),
            ("|| ( )", "empty group '( )' at token 2"),
            ("x? ( )", "empty group"),
            ("(a b )", "parentheses must be separate tokens (missing whitespace) at token 1 ('(a')"),
            ("( a b)", "parentheses must be separate tokens (missing whitespace) at token 3 ('b)')"),
            ("||( a )", "'||' must be a separate token"),
            ("a -> b", "'->' is only allowed in SRC_URI, not in dependency string at token 2"),
        ] {
            let e = parse_strings(s).expect_err(s).to_string();
            assert!(e.contains(why), "{s:?}: expected {why:?} in: {e}");
        }
        let deep = format!("{}a{}", "( ".repeat(300), " )".repeat(300));
        let e = parse_strings(&deep).expect_err("deep").to_string();
        assert!(e.contains("nested deeper than"), "{e}");
    }

    #[test]
    fn parse_deps_atoms() {
        let n = parse_deps(">=dev-libs/a-1:= ssl? ( dev-libs/openssl:0= ) || ( x/y x/z[foo?] )")
            .unwrap_or_else(|e| panic!("{e:#}"));
        assert_eq!(n.len(), 3);
        assert_eq!(
            render(&n),
            ">=dev-libs/a-1:= ssl? ( dev-libs/openssl:0= ) || ( x/y x/z[foo?] )"
        );
        let e = parse_deps("dev-libs/a dev-libs/b-1").expect_err("bad").to_string();
        assert!(e.contains("at token 2 ('dev-libs/b-1')"), "{e}");
        assert!(e.contains("invalid atom 'dev-libs/b-1'"), "{e}");
        assert!(e.contains("without an operator"), "{e}");
        let e = parse_deps("^^ ( a/b c/d )").expect_err("bad").to_string();
        assert!(e.contains("'^^' groups are not allowed in dependencies at token 1"), "{e}");
        let e = parse_deps("a/b )").expect_err("bad").to_string();
        assert!(e.contains("unbalanced ')' at token 2"), "{e}");
    }

    #[test]
    fn parse_generic_leaf_errors_are_located() {
        let e = parse("1 2 x 4", |t| t.parse::<u32>().map_err(|e| anyhow!("not a number: {e}")))
            .expect_err("x")
            .to_string();
        assert!(e.contains("at token 3 ('x')") && e.contains("not a number"), "{e}");
    }

    #[test]
    fn src_uri_forms() {
        let n = parse_src_uri(
            "https://example.org/foo-1.tar.gz mirror://gentoo/ab/bar.tgz -> bar-1.tgz \
             doc? ( https://x.org/doc.pdf ) local.patch https://w.org/wiki/A_(b)",
        )
        .unwrap_or_else(|e| panic!("{e:#}"));
        let all = all_leaves(&n);
        let got: Vec<(&str, &str)> = all.iter().map(|s| (s.uri.as_str(), s.filename.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("https://example.org/foo-1.tar.gz", "foo-1.tar.gz"),
                ("mirror://gentoo/ab/bar.tgz", "bar-1.tgz"),
                ("https://x.org/doc.pdf", "doc.pdf"),
                ("local.patch", "local.patch"),
                ("https://w.org/wiki/A_(b)", "A_(b)"),
            ]
        );
        assert_eq!(
            render(&n),
            "https://example.org/foo-1.tar.gz mirror://gentoo/ab/bar.tgz -> bar-1.tgz \
             doc? ( https://x.org/doc.pdf ) local.patch https://w.org/wiki/A_(b)"
        );
        let without_doc = leaves(&n, &|_| false);
        assert_eq!(without_doc.len(), 4);
        assert!(without_doc.iter().all(|s| s.filename != "doc.pdf"));
    }

    #[test]
    fn src_uri_errors() {
        for (s, why) in [
            ("-> a", "'->' must follow a URI at token 1"),
            ("http://a/b ->", "'->' must be followed by a file name, got end of string at token 2"),
            ("http://a/b -> )", "'->' must be followed by a file name at token 3 (')')"),
            ("http://a/b -> x? ( y )", "must be followed by a file name at token 3 ('x?')"),
            ("http://a/b -> c/d", "must not contain '/' at token 3 ('c/d')"),
            ("http://a/b -> c -> d", "'->' must follow a URI at token 4"),
            ("( -> a )", "'->' must follow a URI at token 2"),
            ("http://a/", "cannot derive a file name from 'http://a/'"),
            ("|| ( a b )", "'||' groups are not allowed in SRC_URI at token 1"),
            ("?? ( a b )", "'??' groups are not allowed in SRC_URI"),
            ("a)", "parentheses must be separate tokens"),
        ] {
            let e = parse_src_uri(s).expect_err(s).to_string();
            assert!(e.contains(why), "{s:?}: expected {why:?} in: {e}");
        }
    }

    #[test]
    fn reduce_evaluates_conditions_and_flattens() {
        let n = strs("a ( b ( c ) ) x? ( d !y? ( e ) ) !x? ( f ) || ( g h )");
        assert_eq!(
            reduce(&n, &set(&["x"])),
            vec![leaf("a"), leaf("b"), leaf("c"), leaf("d"), leaf("e"), Node::AnyOf(vec![leaf("g"), leaf("h")])]
        );
        assert_eq!(
            reduce(&n, &set(&["y"])),
            vec![leaf("a"), leaf("b"), leaf("c"), leaf("f"), Node::AnyOf(vec![leaf("g"), leaf("h")])]
        );
    }

    #[test]
    fn reduce_any_of_alternatives() {
        // Conditional alternatives: inactive ones vanish, multi-item ones stay grouped.
        let n = strs("|| ( x? ( a b ) y? ( c ) ( d e ) || ( f g ) )");
        assert_eq!(
            reduce(&n, &set(&["x", "y"])),
            vec![Node::AnyOf(vec![
                Node::AllOf(vec![leaf("a"), leaf("b")]),
                leaf("c"),
                Node::AllOf(vec![leaf("d"), leaf("e")]),
                leaf("f"),
                leaf("g"),
            ])]
        );
        // Single remaining alternative replaces the group (and is flattened).
        let n = strs("|| ( x? ( a b ) y? ( c ) )");
        assert_eq!(reduce(&n, &set(&["x"])), vec![leaf("a"), leaf("b")]);
        assert_eq!(reduce(&n, &set(&["y"])), vec![leaf("c")]);
        // Nothing left: an unsatisfiable empty any-of.
        assert_eq!(reduce(&n, &set(&[])), vec![Node::AnyOf(vec![])]);
        // Nested conditionals inside an alternative.
        let n = strs("|| ( ( a x? ( b ) ) c )");
        assert_eq!(
            reduce(&n, &set(&["x"])),
            vec![Node::AnyOf(vec![Node::AllOf(vec![leaf("a"), leaf("b")]), leaf("c")])]
        );
        assert_eq!(reduce(&n, &set(&[])), vec![Node::AnyOf(vec![leaf("a"), leaf("c")])]);
        // ^^ and ?? are kept as groups.
        let n = strs("^^ ( a x? ( b ) ) ?? ( c )");
        assert_eq!(
            reduce(&n, &set(&[])),
            vec![Node::ExactlyOneOf(vec![leaf("a")]), Node::AtMostOneOf(vec![leaf("c")])]
        );
    }

    #[test]
    fn leaves_take_first_alternative() {
        let n = strs("a || ( x? ( b c ) d ) e? ( f ) ^^ ( g h ) || ( z? ( q ) )");
        assert_eq!(leaves(&n, &set(&["x"])), vec!["a", "b", "c", "g"]);
        assert_eq!(leaves(&n, &set(&["e"])), vec!["a", "d", "f", "g"]);
    }

    #[test]
    fn all_leaves_and_flags() {
        let n = strs("a || ( x? ( b c ) d ) e? ( f !g? ( h ) ) ?? ( i )");
        assert_eq!(all_leaves(&n), vec!["a", "b", "c", "d", "f", "h", "i"]);
        let flags: Vec<String> = use_flags_referenced(&n).into_iter().collect();
        assert_eq!(flags, vec!["e", "g", "x"]);
    }

    #[test]
    fn license_and_restrict() {
        let n = strs("|| ( MIT Apache-2.0 ) GPL-2+ doc? ( CC-BY-SA-4.0 )");
        assert_eq!(leaves(&n, &|_| true), vec!["MIT", "GPL-2+", "CC-BY-SA-4.0"]);
        let n = strs("!test? ( test ) mirror");
        assert_eq!(leaves(&n, &|_| false), vec!["test", "mirror"]);
        assert_eq!(leaves(&n, &|_| true), vec!["mirror"]);
    }
}
