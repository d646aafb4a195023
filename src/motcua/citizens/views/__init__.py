"""Citizen pages (/cong-dan/): account, data store, online submission, "Hồ sơ của tôi"."""
