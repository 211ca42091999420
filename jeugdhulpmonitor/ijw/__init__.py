"""Import of the iJw 3.2 message traffic (JW301, JW305, JW307, JW315) into an extract.

sources -> parse (hardened, one message per file, BSN pseudonymised at once) -> apply (in date
order) -> extract (client_flows.parquet, providers.parquet). See docs/ijw.md.
"""
