"""Where a unit's signing key comes from: a small provider interface (base.py), the provider
named in settings (registry.py), one module per provider (a PKCS#12 file today; an HSM or a
remote signing service plugs in the same way)."""
