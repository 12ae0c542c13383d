# The commands of the README.
.PHONY: run test dist dist-check
run:  ## Run the daemon locally with a demo tenant (installs and starts PostgreSQL if needed).
	deploy/run.sh
test: ## Run the whole test suite against throwaway PostgreSQL and SMTP servers.
	deploy/test.sh
dist: ## Build the release tarball (static Swift runtime, units, env examples, role scripts) in dist/.
	deploy/dist.sh
dist-check: ## Build the release tarball and check it runs without a Swift toolchain.
	deploy/testing/dist-check.sh
