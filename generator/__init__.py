"""sdkgen: API reference pages in, one clean OpenAPI 3.1 document (and a typed SDK) out."""

__version__ = "0.1.0"
