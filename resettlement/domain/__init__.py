"""The domain: vocabulary, stage machine and pure rules. No storage, no HTTP."""
