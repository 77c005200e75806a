//! "Did you mean ...?": the closest known word to a misspelt one.

/// The candidate `input` most likely misspells, if one stands out: the same word up to case and
/// `_`/`-` separators (`glue_timeout`, `GlueTimeout`), or else the one nearest by edit distance
/// (a swap of two letters counts once), within a third of the word's length. A tie between the
/// nearest suggests nothing, since a guess between two would mislead as often as help.
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted = normalize(input);
    let mut best: Option<(usize, &'a str)> = None;
    let mut tied = false;
    for candidate in candidates {
        if candidate == input {
            continue;
        }
        if normalize(candidate) == wanted {
            return Some(candidate);
        }
        let distance = strsim::damerau_levenshtein(&wanted, &normalize(candidate));
        match best {
            Some((nearest, _)) if distance > nearest => {}
            Some((nearest, _)) if distance == nearest => tied = true,
            _ => {
                best = Some((distance, candidate));
                tied = false;
            }
        }
    }
    let limit = (input.chars().count() / 3).max(1);
    match best {
        Some((distance, candidate)) if distance <= limit && !tied => Some(candidate),
        _ => None,
    }
}

fn normalize(word: &str) -> String {
    word.chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::closest;

    const KEYS: &[&str] = &[
        "glueTimeout",
        "glueVersion",
        "glueJobName",
        "tags",
        "maxRetries",
    ];

    #[test]
    fn typos_find_their_key() {
        assert_eq!(
            closest("glueTimout", KEYS.iter().copied()),
            Some("glueTimeout")
        );
        assert_eq!(
            closest("glueVresion", KEYS.iter().copied()),
            Some("glueVersion")
        );
        assert_eq!(closest("tag", KEYS.iter().copied()), Some("tags"));
    }

    #[test]
    fn case_and_separators_do_not_count() {
        assert_eq!(
            closest("glue_timeout", KEYS.iter().copied()),
            Some("glueTimeout")
        );
        assert_eq!(
            closest("MAX-RETRIES", KEYS.iter().copied()),
            Some("maxRetries")
        );
        assert_eq!(closest("g.1x", ["G.1X", "G.2X"]), Some("G.1X"));
    }

    #[test]
    fn far_words_and_ties_suggest_nothing() {
        assert_eq!(closest("region", KEYS.iter().copied()), None);
        assert_eq!(closest("G.3X", ["G.1X", "G.2X", "G.4X"]), None);
        assert_eq!(closest("x", std::iter::empty()), None);
    }
}
