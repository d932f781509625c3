"""The OpenAPI document model the stages share: the `x-sdkgen-*` extensions (the contract
between the merge and the SDK stages, `extensions.py`), schema forms, operation views, the
SDK identity of an operation, and the detection of streaming pairs and paged lists.

Takes a (merged or input) document; gives facts about it. Imports only `common`.
"""
