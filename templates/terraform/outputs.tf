{% for output in outputs -%}
{% if not loop.first %}
{% endif -%}
output "{{ output.tf_name }}" {
  description = {{ output.description | hcl }}
  value = {{ output.value | hcl }}
}
{% endfor -%}
