targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to name resources.')
param environmentName string

@description('Azure region for every resource.')
param location string = resourceGroup().location

@description('Contact put in the User-Agent sent to official sources (an e-mail address or URL).')
param operatorContact string = ''

@description('Public base URL of the service (links in e-mails and webhooks). Default: the Function App host name.')
param publicBaseUrl string = ''

@description('Object id of the deploying user (azd sets AZURE_PRINCIPAL_ID): gets Key Vault Secrets Officer to read and rotate the generated secrets.')
param principalId string = ''

@description('Type of principalId: User for a person running azd, ServicePrincipal for a pipeline.')
@allowed([ 'User', 'ServicePrincipal' ])
param principalType string = 'User'

@description('E-mail address the alert rules notify (empty: the action group has no receiver; add one in the portal).')
param alertEmail string = ''

@description('True once the Key Vault secret sendgrid-api-key exists: the app then references it (e-mail alerts are off without it).')
param sendGridConfigured bool = false

@description('True once the Key Vault secret github-token exists: the app then references it (GitHub issues and anchoring are off without it).')
param gitHubTokenConfigured bool = false

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = { 'azd-env-name': environmentName }
var functionAppName = 'func-alerts-${token}'
var deploymentContainer = 'app-package-${take(functionAppName, 32)}-${take(token, 7)}'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-alerts-${token}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-alerts-${token}'
    appInsightsName: 'appi-alerts-${token}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'stalerts${token}'
    location: location
    tags: tags
    deploymentContainerName: deploymentContainer
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: 'kv-alerts-${take(token, 13)}'
    location: location
    tags: tags
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    principalId: identity.outputs.principalId
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    name: 'alerts-${token}'
    location: location
    tags: tags
    appInsightsName: monitoring.outputs.appInsightsName
    alertEmail: alertEmail
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: functionAppName
    planName: 'plan-alerts-${token}'
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainer
    appInsightsConnectionString: monitoring.outputs.connectionString
    keyVaultUri: keyVault.outputs.uri
    operatorContact: operatorContact
    publicBaseUrl: publicBaseUrl
    sendGridConfigured: sendGridConfigured
    gitHubTokenConfigured: gitHubTokenConfigured
  }
  dependsOn: [ roles ]
}

output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_URI string = functionApp.outputs.uri
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
@description('The Key Vault secret holding the bootstrap admin key (created by infra/hooks/postprovision.sh): read it with az keyvault secret show --id <this> --query value -o tsv.')
output ALERTS_ADMIN_KEY_SECRET_URI string = '${keyVault.outputs.uri}secrets/bootstrap-admin-key'
