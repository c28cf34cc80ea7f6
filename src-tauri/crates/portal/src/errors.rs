//! Refusals over HTTP: the command layer's `RuleError` JSON with a 4xx status; 5xx only
//! for what failed outside the rules (and then without details).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use trellis_core::{ErrorCode, RuleError};

pub struct Refused {
    pub error: RuleError,
    pub status: StatusCode,
}

impl From<RuleError> for Refused {
    fn from(error: RuleError) -> Self {
        Refused { status: status(error.code), error }
    }
}

pub fn status(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::Invalid => StatusCode::BAD_REQUEST,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict | ErrorCode::Stale | ErrorCode::Workspace => StatusCode::CONFLICT,
        ErrorCode::Session => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::Rule => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.error)).into_response()
    }
}
