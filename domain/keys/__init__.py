"""The organization key hierarchy: each organization's data keys (versioned, wrapped by the
master key), their rotation and destruction, the keyring the payload codec reads, and each
person's data key wrapped under them (``subjects``)."""
