package org.odooplatform.simulator;

/** An error response in Cattle's shape ({@code type:"error"}), thrown anywhere while handling a request. */
final class ApiError extends RuntimeException {
    final int status;
    final String code;
    final String apiMessage;
    final String fieldName;

    ApiError(int status, String code, String apiMessage, String fieldName) {
        super(status + " " + code + (fieldName == null ? "" : " " + fieldName));
        this.status = status;
        this.code = code;
        this.apiMessage = apiMessage;
        this.fieldName = fieldName;
    }

    /** Validation errors are returned as built: message and detail null (gdapi ValidationErrorCodes.throwValidationError). */
    static ApiError validation(String code, String fieldName) {
        return new ApiError(422, code, null, fieldName);
    }

    static ApiError actionNotAvailable() {
        return validation("ActionNotAvailable", "action");
    }

    static ApiError notFound() {
        return new ApiError(404, "NotFound", "NotFound", null);
    }

    static ApiError methodNotAllowed() {
        return new ApiError(405, "MethodNotAllowed", "MethodNotAllowed", null);
    }

    static ApiError unauthorized() {
        return new ApiError(401, "Unauthorized", "Unauthorized", null);
    }
}
