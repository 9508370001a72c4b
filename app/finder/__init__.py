"""The partner finder: counterparts across the Pacific, ranked by a transparent score."""
