"""The auto-fix pull-request bot: fixes on a branch it owns, one pull request, review mode."""
