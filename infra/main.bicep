// Production deployment of atgardsplan-bot into one resource group:
// a user-assigned managed identity that is both the bot's Entra ID app and the app's Cosmos DB
// identity, a serverless Cosmos DB for NoSQL account reachable with Entra ID only, a Linux App
// Service running Node, and an Azure Bot with the Microsoft Teams channel; Log Analytics and
// Application Insights for what the bot does, with diagnostic settings on every resource.
//
//   az deployment group create -g <resource group> -f infra/main.bicep -p infra/main.parameters.json
//
// No secrets anywhere: the bot authenticates to Bot Framework and to Cosmos DB as the identity.

targetScope = 'resourceGroup'

@description('Azure region for everything but the bot registration (which is global). Sweden Central keeps the data in Sweden.')
param location string = 'swedencentral'

@description('Prefix for resource names: lower-case letters, digits and hyphens. A hash of the resource group makes global names unique.')
@minLength(3)
@maxLength(20)
param name string = 'atgardsplan'

@description('Deployment file the bot reads at start (DEPLOYMENT_FILE), relative to the package root: owners, deputies, administrators, management group. It must be in the zip you deploy.')
param deploymentFile string

@description('App Service plan SKU. alwaysOn needs Basic (B1) or higher.')
param appServicePlanSku string = 'B1'

@description('Instances of the web app.')
@minValue(1)
param instanceCount int = 1

@description('Runtime stack of the web app: a Node LTS still supported (Node 20 reached its end of life in April 2026).')
param linuxFxVersion string = 'NODE|22-lts'

@description('Where the bot registration keeps and processes its data: westeurope is the EU data boundary (regional Azure Bot), global is the default elsewhere.')
@allowed([
  'westeurope'
  'global'
])
param botLocation string = 'westeurope'

@description('Days Log Analytics keeps logs and telemetry (30 are included in the price).')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Azure Bot pricing tier: F0 is free with a message cap on premium channels; Teams is a standard channel.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Name shown for the bot in the Azure portal (Teams shows the name from the app manifest).')
param botDisplayName string = 'Åtgärdsplan'

@description('Client id of the Entra app whose exposed API (api://<web app host>/<id>) the tab\'s single sign-on token is for; empty: the tab accepts no sign-in.')
param tabAppId string = ''

@description('pino log level (LOG_LEVEL).')
@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

@description('Tags for every resource.')
param tags object = {}

@description('Object id of the Entra ID group of people who run the follow-up (npm run uppfoljning against production): it gets read-only access to the Cosmos DB data. Empty: no such group.')
param followUpReadersGroupId string = ''

var suffix = uniqueString(resourceGroup().id)
var webAppName = toLower('${name}-${suffix}')
var cosmosAccountName = toLower('${name}-${suffix}')
var botName = toLower('${name}-bot-${suffix}')
var workspaceName = '${name}-logs'
var appInsightsName = '${name}-insights'
var databaseName = 'atgardsplan'

// Must match CONTAINERS in src/storage/cosmos/cosmosStore.ts (test/appPackage/manifest.test.ts
// checks it). The bot cannot create containers itself: with Entra ID only, creating databases and
// containers is a control-plane operation that the data-plane role below does not grant.
var cosmosContainers = [
  {
    name: 'answers'
    partitionKey: '/activityKey'
  }
  {
    name: 'planState'
    partitionKey: '/planId'
  }
  {
    name: 'conversations'
    partitionKey: '/id'
  }
]

// Cosmos DB Built-in Data Contributor: read and write items, read metadata.
var cosmosDataContributorRoleId = '00000000-0000-0000-0000-000000000002'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-id'
  location: location
  tags: tags
}

// The identity is the bot's app id: Teams installs, the app package and every stored conversation
// reference are bound to it. Redeploys keep it (same name, same resource group); the lock keeps it
// from being deleted by hand or by a deployment in complete mode.
resource identityLock 'Microsoft.Authorization/locks@2020-05-01' = {
  name: '${name}-id-lock'
  scope: identity
  properties: {
    level: 'CanNotDelete'
    notes: 'The bot\'s app id (MicrosoftAppId) and Teams app: deleting it breaks every install and stored conversation.'
  }
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    RetentionInDays: logRetentionDays
  }
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: cosmosAccountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    capabilities: [
      {
        name: 'EnableServerless'
      }
    ]
    // Point-in-time restore to any second of the last 7 days, at no extra charge.
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: {
        tier: 'Continuous7Days'
      }
    }
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: cosmos
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
  }
}

resource containers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = [
  for container in cosmosContainers: {
    parent: database
    name: container.name
    properties: {
      resource: {
        id: container.name
        // Items never expire unless gallring gives one its own ttl (rules counted from when a record was made).
        defaultTtl: -1
        partitionKey: {
          paths: [
            container.partitionKey
          ]
          kind: 'Hash'
          version: 2
        }
      }
    }
  }
]

resource cosmosDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, cosmosDataContributorRoleId)
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosDataContributorRoleId}'
    principalId: identity.properties.principalId
    scope: cosmos.id
  }
}

// --- Issue 9: read-only data access for the people who run the follow-up -------------------------
// The bot's identity is the only writer. Those who take out the follow-up report from production
// (npm run uppfoljning with their own az login) get Cosmos DB's built-in data reader role through
// an Entra ID group, so access is granted and removed in the group, not here.
var cosmosDataReaderRoleId = '00000000-0000-0000-0000-000000000001'

resource followUpReaders 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = if (!empty(followUpReadersGroupId)) {
  parent: cosmos
  name: guid(cosmos.id, followUpReadersGroupId, cosmosDataReaderRoleId)
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosDataReaderRoleId}'
    principalId: followUpReadersGroupId
    scope: cosmos.id
  }
}
// --- end of issue 9 block ---------------------------------------------------------------------------

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan'
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: appServicePlanSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource web 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      appCommandLine: 'npm start'
      alwaysOn: true
      // Readiness: the store answers and the plan is loaded (/healthz is liveness only).
      healthCheckPath: '/readyz'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [
        {
          name: 'MicrosoftAppType'
          value: 'UserAssignedMSI'
        }
        {
          name: 'MicrosoftAppId'
          value: identity.properties.clientId
        }
        {
          name: 'MicrosoftAppTenantId'
          value: identity.properties.tenantId
        }
        {
          name: 'COSMOS_ENDPOINT'
          value: cosmos.properties.documentEndpoint
        }
        {
          name: 'COSMOS_DATABASE'
          value: databaseName
        }
        {
          name: 'AZURE_CLIENT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'DEPLOYMENT_FILE'
          value: deploymentFile
        }
        {
          name: 'LOG_LEVEL'
          value: logLevel
        }
        {
          name: 'TAB_APP_ID'
          value: tabAppId
        }
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
      ]
    }
  }
  // The bot opens its containers at start; they and its role must exist before it first runs.
  dependsOn: [
    containers
    cosmosDataContributor
  ]
}

// FTP and the Kudu (SCM) site accept no user name and password: deploys sign in with Entra ID.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: web
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: web
  name: 'scm'
  properties: {
    allow: false
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: botLocation
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${web.properties.defaultHostName}/api/messages'
    msaAppType: 'UserAssignedMSI'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: identity.properties.tenantId
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: botLocation
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// Every resource's logs and metrics to the workspace.
resource webDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: web
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

resource cosmosDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: cosmos
  properties: {
    workspaceId: workspace.id
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      for category in ['DataPlaneRequests', 'QueryRuntimeStatistics', 'ControlPlaneRequests']: {
        category: category
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Requests'
        enabled: true
      }
    ]
  }
}

resource botDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: bot
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        category: 'BotRequest'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

@description('The messaging endpoint registered on the Azure Bot.')
output botEndpoint string = bot.properties.endpoint

@description('COSMOS_ENDPOINT of the web app.')
output cosmosEndpoint string = cosmos.properties.documentEndpoint

@description('The bot\'s app id: MicrosoftAppId for the web app and for appPackage/build.mjs.')
output identityClientId string = identity.properties.clientId

@description('The web app to deploy the code to (az webapp deploy --name).')
output webAppName string = web.name

// For the Microsoft 365 Agents Toolkit (m365agents.yml): arm/deploy writes these to env/.env.<env>.
@description('The bot\'s app id, for the app manifest (Agents Toolkit).')
output BOT_ID string = identity.properties.clientId

@description('The tenant of the bot\'s identity.')
output BOT_TENANT_ID string = identity.properties.tenantId

@description('The web app\'s host name.')
output BOT_DOMAIN string = web.properties.defaultHostName

@description('The web app the toolkit deploys to (azureAppService/zipDeploy).')
output AZURE_APP_SERVICE_RESOURCE_ID string = web.id
