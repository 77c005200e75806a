// The seed spec's stack (examples/seed.yaml) as a CDK app, for the `cdk synth` comparison of
// README "Performance": data bucket with KMS key, Glue role and job, security configuration,
// log group, dashboard, three alarms and the stack outputs.
const cdk = require('aws-cdk-lib');
const { aws_s3: s3, aws_kms: kms, aws_iam: iam, aws_glue: glue, aws_logs: logs,
  aws_cloudwatch: cw } = cdk;

const app = new cdk.App();
const stack = new cdk.Stack(app, 'SparkProcessingStack');
const jobName = 'spark-processing-job';

const key = new kms.Key(stack, 'DataKey', { enableKeyRotation: true, alias: `alias/${jobName}` });
const bucket = new s3.Bucket(stack, 'DataBucket', {
  bucketName: 'my-spark-processing-bucket',
  versioned: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  enforceSSL: true,
  encryption: s3.BucketEncryption.KMS,
  encryptionKey: key,
  bucketKeyEnabled: true,
  metrics: [{ id: 'EntireBucket' }],
  removalPolicy: cdk.RemovalPolicy.RETAIN,
  lifecycleRules: [{
    transitions: [{ storageClass: s3.StorageClass.INFREQUENT_ACCESS, transitionAfter: cdk.Duration.days(30) }],
    noncurrentVersionExpiration: cdk.Duration.days(90),
    abortIncompleteMultipartUploadAfter: cdk.Duration.days(7),
  }],
});
const logGroup = new logs.LogGroup(stack, 'JobLogs', {
  logGroupName: `/aws-glue/jobs/${jobName}`, retention: logs.RetentionDays.ONE_MONTH, encryptionKey: key,
});
const role = new iam.Role(stack, 'GlueJobRole', {
  assumedBy: new iam.ServicePrincipal('glue.amazonaws.com'),
  managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSGlueServiceRole')],
});
bucket.grantReadWrite(role);
key.grantEncryptDecrypt(role);
logGroup.grantWrite(role);
const security = new glue.CfnSecurityConfiguration(stack, 'SecurityConfiguration', {
  name: `${jobName}-security`,
  encryptionConfiguration: {
    s3Encryptions: [{ s3EncryptionMode: 'SSE-KMS', kmsKeyArn: key.keyArn }],
    cloudWatchEncryption: { cloudWatchEncryptionMode: 'SSE-KMS', kmsKeyArn: key.keyArn },
    jobBookmarksEncryption: { jobBookmarksEncryptionMode: 'CSE-KMS', kmsKeyArn: key.keyArn },
  },
});
new glue.CfnJob(stack, 'GlueJob', {
  name: jobName, role: role.roleArn, glueVersion: '4.0', workerType: 'G.1X', numberOfWorkers: 10,
  timeout: 2880, securityConfiguration: security.name,
  command: { name: 'glueetl', pythonVersion: '3', scriptLocation: 's3://my-spark-processing-bucket/scripts/processor.py' },
  defaultArguments: {
    '--enable-metrics': 'true', '--enable-auto-scaling': 'true', '--enable-spark-ui': 'true',
    '--spark-event-logs-path': `s3://${bucket.bucketName}/spark-ui-logs/`,
    '--enable-job-insights': 'true', '--enable-continuous-cloudwatch-log': 'true',
    '--continuous-log-logGroup': logGroup.logGroupName, '--job-bookmark-option': 'job-bookmark-enable',
    '--TempDir': `s3://${bucket.bucketName}/temp/`,
  },
});
const metric = (name, type, stat) => new cw.Metric({
  namespace: 'Glue', metricName: name, statistic: stat, period: cdk.Duration.minutes(5),
  dimensionsMap: { JobName: jobName, JobRunId: 'ALL', Type: type },
});
const failed = metric('glue.driver.aggregate.numFailedTasks', 'count', 'Sum');
const heap = metric('glue.driver.jvm.heap.usage', 'gauge', 'Average');
const elapsed = metric('glue.driver.aggregate.elapsedTime', 'count', 'Maximum');
const dashboard = new cw.Dashboard(stack, 'Dashboard', { dashboardName: `${jobName}-metrics` });
dashboard.addWidgets(
  new cw.GraphWidget({ title: 'Tasks', left: [metric('glue.driver.aggregate.numCompletedTasks', 'count', 'Sum'), failed] }),
  new cw.GraphWidget({ title: 'JVM', left: [heap, metric('glue.driver.system.cpuSystemLoad', 'gauge', 'Average')] }),
  new cw.GraphWidget({ title: 'S3', left: [metric('glue.ALL.s3.filesystem.read_bytes', 'count', 'Sum'), metric('glue.ALL.s3.filesystem.write_bytes', 'count', 'Sum')] }),
  new cw.GraphWidget({ title: 'Custom', left: [metric('glue.driver.aggregate.shuffleLocalBytesRead', 'count', 'Sum'), metric('glue.driver.aggregate.shuffleRemoteBytesRead', 'count', 'Sum')] }),
);
new cw.Alarm(stack, 'FailedTasksAlarm', { metric: failed, threshold: 5, evaluationPeriods: 1 });
new cw.Alarm(stack, 'HeapAlarm', { metric: heap, threshold: 0.85, evaluationPeriods: 2 });
new cw.Alarm(stack, 'ElapsedTimeAlarm', { metric: elapsed, threshold: 3600000, evaluationPeriods: 1 });
new cdk.CfnOutput(stack, 'BucketName', { value: bucket.bucketName });
new cdk.CfnOutput(stack, 'BucketArn', { value: bucket.bucketArn });
new cdk.CfnOutput(stack, 'GlueJobName', { value: jobName });
new cdk.CfnOutput(stack, 'GlueJobRoleArn', { value: role.roleArn });
new cdk.CfnOutput(stack, 'KmsKeyArn', { value: key.keyArn });
app.synth();
