//! Canonical JSON output: object keys sorted (byte order) at every level, no insignificant whitespace
//! in the compact form. Independent of serde_json's `preserve_order` feature.

use crate::error::{Error, Result};
use serde::Serialize;
use serde_json::Value;

/// Serialise `value` as compact JSON with all object keys sorted.
pub fn canonical_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let v = to_value(value)?;
    let mut out = Vec::new();
    write_value(&mut out, &v, None, 0);
    Ok(out)
}

/// Serialise `value` as pretty JSON (2-space indent, trailing newline) with all object keys sorted.
pub fn canonical_json_pretty<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let v = to_value(value)?;
    let mut out = Vec::new();
    write_value(&mut out, &v, Some(2), 0);
    out.push(b'\n');
    Ok(out)
}

fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value> {
    serde_json::to_value(value).map_err(|source| Error::Json {
        what: std::any::type_name::<T>().to_string(),
        source,
    })
}

fn newline(out: &mut Vec<u8>, indent: Option<usize>, depth: usize) {
    if let Some(n) = indent {
        out.push(b'\n');
        out.extend(std::iter::repeat_n(b' ', n * depth));
    }
}

fn write_str(out: &mut Vec<u8>, s: &str) {
    // serde_json's string escaping cannot fail for a &str.
    match serde_json::to_vec(s) {
        Ok(b) => out.extend_from_slice(&b),
        Err(_) => out.extend_from_slice(b"\"\""),
    }
}

fn write_value(out: &mut Vec<u8>, v: &Value, indent: Option<usize>, depth: usize) {
    match v {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            if items.is_empty() {
                out.extend_from_slice(b"[]");
                return;
            }
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                newline(out, indent, depth + 1);
                write_value(out, item, indent, depth + 1);
            }
            newline(out, indent, depth);
            out.push(b']');
        }
        Value::Object(map) => {
            if map.is_empty() {
                out.extend_from_slice(b"{}");
                return;
            }
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push(b'{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                newline(out, indent, depth + 1);
                write_str(out, k);
                out.push(b':');
                if indent.is_some() {
                    out.push(b' ');
                }
                if let Some(item) = map.get(*k) {
                    write_value(out, item, indent, depth + 1);
                }
            }
            newline(out, indent, depth);
            out.push(b'}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_keys_recursively() {
        let v = serde_json::json!({"b": 1, "a": {"z": [true, null], "y": "x\"q"}});
        assert_eq!(
            String::from_utf8(canonical_json(&v).unwrap()).unwrap(),
            r#"{"a":{"y":"x\"q","z":[true,null]},"b":1}"#
        );
        let pretty = String::from_utf8(canonical_json_pretty(&v).unwrap()).unwrap();
        let back: Value = serde_json::from_str(&pretty).unwrap();
        assert_eq!(back, v);
        assert!(pretty.starts_with("{\n  \"a\": {\n    \"y\""));
    }
}
