# The two commands of the README.
.PHONY: run test
run:  ## Run the daemon locally with a demo tenant (installs and starts PostgreSQL if needed).
	deploy/run.sh
test: ## Run the whole test suite against throwaway PostgreSQL and SMTP servers.
	deploy/test.sh
