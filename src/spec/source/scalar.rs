//! Typing scalars by the YAML 1.2 core schema, and saying why one cannot be JSON.

use saphyr_parser::{ScalarStyle, Tag};
use serde_json::{Number, Value};

use super::YAML_CORE_TAG;
use crate::diagnostic::{Code, Diagnostic};

/// Why a node has no JSON value.
#[derive(Debug, Clone, Copy)]
pub(super) enum Unfit<'a> {
    Tag(&'a Tag),
    /// The number does not fit JSON, and why.
    Number(&'static str),
}

impl Unfit<'_> {
    pub(super) fn problem(self, text: &str, path: String) -> Diagnostic {
        match self {
            Unfit::Tag(tag) => {
                let shown = match tag.handle.as_str() {
                    YAML_CORE_TAG => format!("!!{}", tag.suffix),
                    handle => format!("{handle}{}", tag.suffix),
                };
                let message = format!("the YAML tag `{shown}` is not supported in a spec");
                Diagnostic::error(Code::YamlTag, path, message)
                    .hint("remove the tag; quote a value to make it a string")
            }
            Unfit::Number(why) => {
                let message = format!("the number `{text}` {why}");
                Diagnostic::error(Code::YamlNumber, path, message)
                    .hint("quote it if it is meant as text")
            }
        }
    }
}

/// A scalar's JSON value. Only `!!str` is accepted as a tag; it makes a string.
pub(super) fn scalar_value<'a>(
    text: &str,
    style: ScalarStyle,
    tag: Option<&'a Tag>,
) -> Result<Value, Unfit<'a>> {
    match tag {
        Some(tag) if tag.handle == YAML_CORE_TAG && tag.suffix == "str" => {
            Ok(Value::String(text.into()))
        }
        Some(tag) => Err(Unfit::Tag(tag)),
        None if style == ScalarStyle::Plain => plain_value(text),
        None => Ok(Value::String(text.into())),
    }
}

/// YAML 1.2 core schema: null, booleans, integers, floats; anything else is a string.
fn plain_value(text: &str) -> Result<Value, Unfit<'static>> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Ok(Value::Null),
        "true" | "True" | "TRUE" => Ok(Value::Bool(true)),
        "false" | "False" | "FALSE" => Ok(Value::Bool(false)),
        _ => number(text).unwrap_or_else(|| Ok(Value::String(text.into()))),
    }
}

/// `Some` when `text` is a core-schema number: its value, or why JSON cannot hold it.
fn number(text: &str) -> Option<Result<Value, Unfit<'static>>> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if all_digits(unsigned, 10) {
        return Some(decimal(text));
    }
    if let Some(digits) = text.strip_prefix("0x").filter(|d| all_digits(d, 16)) {
        return Some(radix(digits, 16));
    }
    if let Some(digits) = text.strip_prefix("0o").filter(|d| all_digits(d, 8)) {
        return Some(radix(digits, 8));
    }
    if is_float(unsigned) {
        return Some(float(text));
    }
    let infinite = matches!(unsigned, ".inf" | ".Inf" | ".INF");
    let nan = matches!(text, ".nan" | ".NaN" | ".NAN");
    (infinite || nan).then_some(Err(Unfit::Number("is not a finite number")))
}

fn all_digits(text: &str, radix: u32) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_digit(radix))
}

fn decimal(text: &str) -> Result<Value, Unfit<'static>> {
    let signed = text.parse::<i64>().map(Number::from);
    let parsed = signed.or_else(|_| text.parse::<u64>().map(Number::from));
    parsed
        .map(Value::Number)
        .map_err(|_| Unfit::Number("does not fit in 64 bits"))
}

fn radix(digits: &str, radix: u32) -> Result<Value, Unfit<'static>> {
    let parsed = u64::from_str_radix(digits, radix).map(Number::from);
    parsed
        .map(Value::Number)
        .map_err(|_| Unfit::Number("does not fit in 64 bits"))
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, sign already stripped.
fn is_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (text, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", fraction)) => all_digits(fraction, 10),
        Some((whole, fraction)) => {
            all_digits(whole, 10) && (fraction.is_empty() || all_digits(fraction, 10))
        }
        None => all_digits(mantissa, 10),
    };
    let exponent_ok =
        exponent.is_none_or(|e| all_digits(e.strip_prefix(['-', '+']).unwrap_or(e), 10));
    mantissa_ok && exponent_ok
}

fn float(text: &str) -> Result<Value, Unfit<'static>> {
    let finite = text.parse::<f64>().ok().and_then(Number::from_f64);
    finite
        .map(Value::Number)
        .ok_or(Unfit::Number("is too large"))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{doc, problem, span, value};
    use serde_json::json;

    #[test]
    fn plain_scalars_follow_the_yaml_1_2_core_schema() {
        for (text, expected) in [
            ("true", json!(true)),
            ("False", json!(false)),
            ("TRUE", json!(true)),
            ("null", json!(null)),
            ("~", json!(null)),
            ("", json!(null)),
            ("0", json!(0)),
            ("-17", json!(-17)),
            ("+5", json!(5)),
            ("010", json!(10)),
            ("0x1F", json!(31)),
            ("0o17", json!(15)),
            ("18446744073709551615", json!(u64::MAX)),
            ("1.5", json!(1.5)),
            ("-.5", json!(-0.5)),
            ("1e3", json!(1000.0)),
            ("2.", json!(2.0)),
            ("yes", json!("yes")),
            ("no", json!("no")),
            ("on", json!("on")),
            ("1.2.3", json!("1.2.3")),
            ("0x", json!("0x")),
            ("1e", json!("1e")),
            ("1_000", json!("1_000")),
            ("12:30", json!("12:30")),
            ("inf", json!("inf")),
            ("nan", json!("nan")),
            ("G.1X", json!("G.1X")),
            ("e5", json!("e5")),
        ] {
            assert_eq!(value(text), expected, "plain `{text}`");
        }
        assert!(value("-17").is_i64());
        assert!(value("1e3").is_f64());
    }

    #[test]
    fn quoted_and_block_scalars_are_strings() {
        for (text, expected) in [
            ("\"true\"", "true"),
            ("'10'", "10"),
            ("\"\"", ""),
            ("'~'", "~"),
            ("!!str 10", "10"),
            ("!!str true", "true"),
            ("|\n  5\n", "5\n"),
            ("\"a\\tb\"", "a\tb"),
        ] {
            assert_eq!(value(text), json!(expected), "scalar `{text}`");
        }
    }

    #[test]
    fn numbers_json_cannot_hold_are_errors() {
        let d = problem("v: .inf\n");
        let what = (d.code.as_str(), d.message.as_str(), d.path.as_str(), d.span);
        let message = "the number `.inf` is not a finite number";
        assert_eq!(what, ("yaml-number", message, "/v", Some(span(3, 7, 1, 4))));
        assert_eq!(problem("v: -.INF").code, "yaml-number");
        assert_eq!(problem("v: .NaN").code, "yaml-number");
        let big = problem("v: 18446744073709551616");
        assert_eq!(
            big.message,
            "the number `18446744073709551616` does not fit in 64 bits"
        );
        assert_eq!(
            problem("v: 1e999").message,
            "the number `1e999` is too large"
        );
        assert_eq!(problem("v: 0x1FFFFFFFFFFFFFFFF").code, "yaml-number");
    }

    #[test]
    fn tags_other_than_str_are_rejected() {
        let d = problem("a: !!int 3\n");
        let message = "the YAML tag `!!int` is not supported in a spec";
        let what = (d.code.as_str(), d.message.as_str(), d.path.as_str(), d.span);
        assert_eq!(what, ("yaml-tag", message, "/a", Some(span(9, 10, 1, 10))));
        let custom = problem("a: !Ref x\n").message;
        assert_eq!(custom, "the YAML tag `!Ref` is not supported in a spec");
        assert_eq!(problem("a: !!seq {}\n").code, "yaml-tag");
        let plain_tags = doc("a: !!map {b: 1}\nc: !!seq [1]\n").value;
        assert_eq!(plain_tags, json!({"a": {"b": 1}, "c": [1]}));
    }
}
