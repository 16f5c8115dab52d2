package org.odooplatform.rancher;

import org.odooplatform.common.OperationFailedException;

/**
 * A non-2xx answer of the Rancher API, with the fields of its error body (docs/rancher-api.md §3):
 * HTTP status, {@code code} (e.g. {@code ActionNotAvailable}, {@code NotUnique}) and
 * {@code fieldName}. Status 0 means no answer (connection failed or timed out after retries).
 */
public class RancherApiException extends OperationFailedException {

    /** Status of an answer that could not be used at all (larger than allowed). */
    public static final int UNUSABLE = -1;

    private final int status;
    private final String code;
    private final String fieldName;
    private final String method;
    private final String url;
    private final String reason;

    public RancherApiException(String method, String url, int status, String code, String fieldName, String detail,
            Throwable cause) {
        super(describe(method, url, status, code, fieldName, detail), cause);
        this.status = status;
        this.code = code;
        this.fieldName = fieldName;
        this.method = method;
        this.url = url;
        this.reason = reason(status, code, fieldName, detail);
    }

    private static String describe(String method, String url, int status, String code, String fieldName, String detail) {
        return "Rancher API " + method + " " + url + ": " + reason(status, code, fieldName, detail);
    }

    private static String reason(int status, String code, String fieldName, String detail) {
        StringBuilder text = new StringBuilder();
        if (status == UNUSABLE) {
            text.append("unusable answer (").append(detail).append(")");
        } else if (status == 0) {
            text.append("no answer (").append(detail).append(")");
        } else {
            text.append("HTTP ").append(status);
            if (code != null) {
                text.append(' ').append(code);
            }
            if (fieldName != null) {
                text.append(" (field ").append(fieldName).append(')');
            }
            if (detail != null && !detail.isBlank()) {
                text.append(": ").append(detail);
            }
        }
        return text.toString();
    }

    /** What went wrong, without the method and URL: "no answer (time-out: ...)", "HTTP 404 NotFound". */
    public String reason() {
        return reason;
    }

    /** No complete answer within the request time-out. */
    public boolean isTimeout() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String fieldName() {
        return fieldName;
    }

    public String method() {
        return method;
    }

    public String url() {
        return url;
    }

    /** 5xx, 409 Conflict, or no answer at all: worth retrying when the call is safe to repeat. */
    public boolean isTransient() {
        return status == 0 || status >= 500 || status == 409 || status == 429;
    }

    public boolean isActionNotAvailable() {
        return status == 422 && "ActionNotAvailable".equals(code);
    }
}
