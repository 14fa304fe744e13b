"""The organization key hierarchy: each organization's data keys (versioned, wrapped by the
master key), their rotation and destruction, and the keyring the payload codec reads."""
