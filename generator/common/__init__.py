"""What every stage uses: diagnostics (errors as values, with file and line), the input
limits, JSON text and value helpers, schema-name words and the Python-syntax escaping that
every spec string reaching generated code goes through.

Takes nothing from the other stages; imports only the standard library.
"""
