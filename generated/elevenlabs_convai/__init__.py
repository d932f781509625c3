"""ElevenLabs Conversational AI"""

from typing import TYPE_CHECKING

from . import provenance
from ._client import AsyncElevenLabs, ElevenLabs
from ._core import (
    NOT_GIVEN,
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    BadRequestError,
    ClientClosedError,
    ClientConfigurationError,
    ConflictError,
    ContentTooLargeError,
    FileInput,
    ForbiddenError,
    GoneError,
    InternalServerError,
    InvalidArgumentError,
    MethodNotAllowedError,
    MissingCredentialError,
    NotFoundError,
    NotGiven,
    PaginationError,
    PaymentRequiredError,
    RequestOptions,
    RequestTimeoutError,
    ResponseDecodingError,
    ResponseTooLargeError,
    ResponseValidationError,
    SdkError,
    ServerSentEvent,
    TooEarlyError,
    TooManyRequestsError,
    UnauthorizedError,
    UnexpectedEventStreamError,
    UnprocessableEntityError,
    UnsupportedMediaTypeError,
    capture_responses,
)
from ._core._lazy import LazyModule

__version__ = "0.0.0+sdkgen.15f006dffbfb"

if TYPE_CHECKING:
    from . import models
else:
    models = LazyModule(__name__ + ".models")  # imported on first use

__all__ = [
    "ElevenLabs",
    "AsyncElevenLabs",
    "models",
    "provenance",
    "NOT_GIVEN",
    "NotGiven",
    "FileInput",
    "RequestOptions",
    "ServerSentEvent",
    "capture_responses",
    "SdkError",
    "ClientConfigurationError",
    "MissingCredentialError",
    "InvalidArgumentError",
    "ClientClosedError",
    "ApiConnectionError",
    "ApiTimeoutError",
    "ResponseTooLargeError",
    "PaginationError",
    "ApiError",
    "BadRequestError",
    "UnauthorizedError",
    "PaymentRequiredError",
    "ForbiddenError",
    "NotFoundError",
    "MethodNotAllowedError",
    "RequestTimeoutError",
    "ConflictError",
    "GoneError",
    "ContentTooLargeError",
    "UnsupportedMediaTypeError",
    "UnprocessableEntityError",
    "TooEarlyError",
    "TooManyRequestsError",
    "InternalServerError",
    "ResponseValidationError",
    "ResponseDecodingError",
    "UnexpectedEventStreamError",
]
