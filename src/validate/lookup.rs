//! Finding, in the spec's JSON Schema, the part that describes a node of a document, so a
//! diagnostic can say what was expected there: its type, allowed values, bounds, an example, the
//! keys of its mapping.

use serde_json::Value;

use crate::spec::source::tokens;

/// How many `$ref`s in a row are followed; the generated schema nests one deep.
const MAX_REFS: usize = 8;

/// The schema of one node: the subschema that names it (with `description`, `examples`,
/// `default`) and what its `$ref`s lead to (with `type`, `enum`, `properties`). Looked-up
/// keywords come from the first of these that has them.
#[derive(Debug, Clone, Default)]
pub struct Facet<'s> {
    layers: Vec<&'s Value>,
}

impl<'s> Facet<'s> {
    fn of(root: &'s Value, node: &'s Value) -> Self {
        let mut layers = vec![node];
        let mut current = node;
        for _ in 0..MAX_REFS {
            let Some(target) = current.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(found) = target.strip_prefix('#').and_then(|p| root.pointer(p)) else {
                break;
            };
            layers.push(found);
            current = found;
        }
        Facet { layers }
    }

    pub fn get(&self, keyword: &str) -> Option<&'s Value> {
        self.layers.iter().find_map(|layer| layer.get(keyword))
    }

    /// The allowed values, when the node is an enum.
    pub fn enum_values(&self) -> Vec<&'s Value> {
        match self.get("enum") {
            Some(Value::Array(values)) => values.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// The keys a mapping may have, in schema order.
    pub fn property_names(&self) -> Vec<&'s str> {
        match self.get("properties") {
            Some(Value::Object(map)) => map.keys().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }

    pub fn example(&self) -> Option<&'s Value> {
        self.get("examples")?.as_array()?.first()
    }

    /// The JSON types allowed, in schema order (`["integer", "null"]`).
    pub fn types(&self) -> Vec<&'s str> {
        match self.get("type") {
            Some(Value::String(one)) => vec![one.as_str()],
            Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }
}

/// The schema of the node at `pointer` in a document that `root` describes; `None` when the
/// schema says nothing about that place.
pub fn facet_at<'s>(root: &'s Value, pointer: &str) -> Option<Facet<'s>> {
    let mut facet = Facet::of(root, root);
    for token in tokens(pointer)? {
        let next = facet
            .get("properties")
            .and_then(|p| p.get(&token))
            .or_else(|| facet.get("additionalProperties").filter(|s| s.is_object()))
            .or_else(|| {
                facet
                    .get("items")
                    .filter(|_| token.parse::<usize>().is_ok())
            })?;
        facet = Facet::of(root, next);
    }
    Some(facet)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn follows_properties_refs_maps_and_lists() {
        let schema = crate::spec::schema();
        let version = facet_at(&schema, "/glueVersion");
        let values = version.as_ref().map(Facet::enum_values).unwrap_or_default();
        assert_eq!(
            values,
            [&json!("3.0"), &json!("4.0"), &json!("5.0"), &json!("5.1")]
        );
        assert_eq!(
            version.and_then(|f| f.example().cloned()),
            Some(json!("5.0"))
        );
        let names = facet_at(&schema, "/alarmThresholds").map(|f| f.property_names());
        let expected = ["failedTasks", "memoryUtilization", "processingTime"];
        assert_eq!(names.unwrap_or_default(), expected);
        let method = facet_at(&schema, "/corsRules/0/allowedMethods/1");
        assert_eq!(method.map(|f| f.enum_values().len()), Some(5));
        let tag = facet_at(&schema, "/tags/team").map(|f| f.types());
        assert_eq!(tag, Some(vec!["string"]));
        let timeout = facet_at(&schema, "/glueTimeout");
        assert_eq!(timeout.and_then(|f| f.get("maximum")), Some(&json!(10079)));
        assert!(facet_at(&schema, "/nope").is_none());
        assert!(facet_at(&schema, "/customMetrics/x").is_none());
    }
}
