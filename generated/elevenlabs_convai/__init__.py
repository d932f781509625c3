"""ElevenLabs Conversational AI"""

from . import models
from ._client import AsyncElevenLabs, ElevenLabs
from ._runtime import (
    NOT_GIVEN,
    ApiError,
    BadRequestError,
    ConflictError,
    FileInput,
    ForbiddenError,
    InternalServerError,
    NotFoundError,
    NotGiven,
    RequestOptions,
    ResponseValidationError,
    TooManyRequestsError,
    UnauthorizedError,
    UnprocessableEntityError,
)

__all__ = [
    "ElevenLabs",
    "AsyncElevenLabs",
    "models",
    "NOT_GIVEN",
    "NotGiven",
    "FileInput",
    "RequestOptions",
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
]
