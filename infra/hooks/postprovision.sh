#!/usr/bin/env bash
# azd postprovision hook: creates the generated secrets in Key Vault once (a later run keeps them), so the app's Key
# Vault references resolve before the first deploy. Needs the Azure CLI signed in as the deploying user, who gets
# Key Vault Secrets Officer from the template (role assignments can take a minute to apply: the loop waits for it).
set -eu

vault="${AZURE_KEY_VAULT_NAME:?AZURE_KEY_VAULT_NAME is not set: run through azd (azd up / azd provision)}"

ensure_secret() {
  local name="$1"
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if az keyvault secret show --vault-name "$vault" --name "$name" --query id -o tsv >/dev/null 2>&1; then
      echo "postprovision: secret $name exists in $vault; kept"
      return 0
    fi
    # 48 random bytes, base64: 64 characters, above the 32 the app requires.
    if az keyvault secret set --vault-name "$vault" --name "$name" --value "$(openssl rand -base64 48)" --query id -o tsv >/dev/null 2>/tmp/postprovision.err; then
      echo "postprovision: created secret $name in $vault"
      return 0
    fi
    echo "postprovision: cannot write $name yet (attempt $attempt; the role assignment may still be propagating)" >&2
    sleep 15
  done
  cat /tmp/postprovision.err >&2
  return 1
}

ensure_secret token-signing-key
ensure_secret bootstrap-admin-key
