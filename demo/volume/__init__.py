"""The volume seed's parts, by what each seeds or holds (demo.volume_seed runs them)."""
