package org.odooplatform.rancher;

import org.odooplatform.common.Secret;

/**
 * One difference between the running and the desired configuration. {@code before} null: added;
 * {@code after} null: removed. Values of secret settings are already {@code ****} here.
 */
public record FieldChange(String field, String before, String after) {

    public String render() {
        if (Secret.MASK.equals(before) && Secret.MASK.equals(after)) {
            return "~ " + field + ": changed"; // a secret: neither value, nor its length, nor how it changed
        }
        if (before == null) {
            return "+ " + field + "=" + after;
        }
        if (after == null) {
            return "- " + field + (before.isEmpty() ? "" : "=" + before);
        }
        return "~ " + field + ": " + before + " -> " + after;
    }
}
