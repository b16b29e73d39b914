// Alert rules over what the app writes to Application Insights (the traces table), and the action group they notify.
param name string
param location string
param tags object
param appInsightsName string
@description('E-mail receiver of the action group (empty: none).')
param alertEmail string

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: 'ag-${name}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'alerts'
    enabled: true
    emailReceivers: empty(alertEmail) ? [] : [
      { name: 'operator', emailAddress: alertEmail, useCommonAlertSchema: true }
    ]
  }
}

// Each query matches a log line the code writes (OperatorAlerts, DeliveryLedger, VerifyJobs, JobRuns via the Functions host, the
// Functions host's own poison-queue message); a rule fires when a 15-minute window holds one.
var rules = [
  {
    key: 'source-failing'
    description: 'A source has failed Alerts:OperatorAlerts failure threshold polls in a row (OPERATOR ALERT log line).'
    severity: 2
    query: 'traces | where message startswith "OPERATOR ALERT: source" and message has "failed"'
  }
  {
    key: 'poison-queue'
    description: 'The Functions host moved a message to a poison queue (depth above zero): see alerts queues / alerts queues replay NAME.'
    severity: 2
    query: 'traces | where message has "-poison" and message has "MaxDequeueCount"'
  }
  {
    key: 'dead-delivery'
    description: 'A webhook or GitHub delivery is dead (schedule exhausted, endpoint gone): GET /api/health shows the count.'
    severity: 3
    query: 'traces | where message startswith "DEAD DELIVERY"'
  }
  {
    key: 'chain-verification'
    description: 'A verify job found the change log broken (VerifyJobs logs "Change log verification failed", metric alerts.verify.runs outcome broken) or could not finish: GET /api/changes/verify/{jobId} names the first bad entry.'
    severity: 1
    query: 'traces | where message startswith "Change log verification failed" or (message startswith "Verify job" and message has "could not be finished")'
  }
  {
    key: 'job-failed'
    description: 'A scheduled job (PollDue, Reconcile, Anchor, Digests) failed.'
    severity: 2
    query: 'requests | where success == false and name in ("PollDue", "Reconcile", "Anchor", "Digests")'
  }
]

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [for rule in rules: {
  name: '${name}-${rule.key}'
  location: location
  tags: tags
  properties: {
    description: rule.description
    severity: rule.severity
    enabled: true
    scopes: [ appInsights.id ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      allOf: [
        {
          query: rule.query
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: { actionGroups: [ actionGroup.id ] }
  }
}]
