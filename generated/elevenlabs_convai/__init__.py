"""ElevenLabs Conversational AI"""

from typing import TYPE_CHECKING

from . import provenance
from ._client import AsyncElevenLabs, ElevenLabs
from ._runtime import (
    NOT_GIVEN,
    LazyModule,
    ApiConnectionError,
    ApiError,
    ApiTimeoutError,
    BadRequestError,
    ClientClosedError,
    ClientConfigurationError,
    ConflictError,
    FileInput,
    ForbiddenError,
    InternalServerError,
    InvalidArgumentError,
    NotFoundError,
    NotGiven,
    RequestOptions,
    ResponseDecodingError,
    ResponseTooLargeError,
    ResponseValidationError,
    SdkError,
    ServerSentEvent,
    TooManyRequestsError,
    UnauthorizedError,
    UnexpectedEventStreamError,
    UnprocessableEntityError,
    capture_responses,
)

__version__ = "0.0.0+sdkgen.2ba58228a150"

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
    "InvalidArgumentError",
    "ClientClosedError",
    "ApiConnectionError",
    "ApiTimeoutError",
    "ApiError",
    "BadRequestError",
    "UnauthorizedError",
    "ForbiddenError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "TooManyRequestsError",
    "InternalServerError",
    "ResponseValidationError",
    "ResponseDecodingError",
    "UnexpectedEventStreamError",
    "ResponseTooLargeError",
]
