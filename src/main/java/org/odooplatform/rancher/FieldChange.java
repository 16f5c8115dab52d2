package org.odooplatform.rancher;

/**
 * One difference between the running and the desired configuration. {@code before} null: added;
 * {@code after} null: removed. Values of secret settings are already {@code ****} here.
 */
public record FieldChange(String field, String before, String after) {

    public String render() {
        if (before == null) {
            return "+ " + field + "=" + after;
        }
        if (after == null) {
            return "- " + field + (before.isEmpty() ? "" : "=" + before);
        }
        return "~ " + field + ": " + before + " -> " + after;
    }
}
