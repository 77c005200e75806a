"""AWS side of scripts/deploy-moto.sh: runs moto's server and talks to it with boto3.

Subcommands (all print what they check and exit non-zero on the first failure):
  cert DIR                       a self-signed certificate for 127.0.0.1 (the emulator serves TLS only)
  serve --port P --cert C --key K   moto's server, with the fixes named in patch_moto()
  cloudformation --stack NAME --template T   create the stack, wait for CREATE_COMPLETE, account
                                 for every resource, read values back, delete, check retention
  terraform-readback --template T --outputs O   read back what `terraform apply` created and
                                 compare it with the values the CloudFormation template states
  replan PLAN_JSON               a plan right after apply may change nothing (but REPLAN_DRIFT)
  prevent-destroy MAIN_TF        Terraform addresses that carry prevent_destroy (one per line)
  after-destroy --template T --retained yes|no   what `terraform destroy` must have left
Common options: --endpoint URL --ca CERT (the emulator and its certificate).

The expected values come from the rendered CloudFormation template, so the Terraform deploy is also
checked against the other target (parity at run time).
"""

import argparse
import datetime
import ipaddress
import json
import re
import sys
import time

REGION = "us-east-1"
PARTITION = "aws"
URL_SUFFIX = "amazonaws.com"

# Resource types moto 5.2's CloudFormation does not model: it skips them with a warning and still
# reports CREATE_COMPLETE. The test does not let that pass silently: each type must be in this list
# (and must really be unmodelled, so the list shrinks when moto grows), and each such resource is
# created through its own API from the template's properties, after the stack, so the template's
# values still reach an AWS API.
UNMODELLED = {
    "AWS::S3::BucketPolicy": "created with s3:PutBucketPolicy",
    "AWS::Glue::SecurityConfiguration": "created with glue:CreateSecurityConfiguration",
    "AWS::Glue::Database": "created with glue:CreateDatabase",
    "AWS::Glue::Table": "created with glue:CreateTable",
    "AWS::Glue::Job": "created with glue:CreateJob",
    "AWS::Glue::Workflow": "created with glue:CreateWorkflow",
    "AWS::Glue::Trigger": "created with glue:CreateTrigger",
    "AWS::CloudWatch::Alarm": "created with cloudwatch:PutMetricAlarm",
    "AWS::SNS::TopicPolicy": "created with sns:SetTopicAttributes (Policy)",
    "AWS::SNS::Subscription": "created with sns:Subscribe",
}
# Glue types whose CloudFormation Ref is the resource's Name (how the template points a job at its
# security configuration, a trigger at its workflow and at the jobs it watches and starts).
GLUE_NAMED = ("AWS::Glue::SecurityConfiguration", "AWS::Glue::Job", "AWS::Glue::Workflow", "AWS::Glue::Trigger")
# What moto 5.2's Glue API does not model of a workflow and its triggers, so the test cannot read it
# back. Printed as UNMODELLED where it applies; if moto starts answering, the test fails and asks to
# read it back instead.
GLUE_UNMODELLED = {
    "graph": "moto's GetWorkflow returns no Graph (IncludeGraph is ignored): the workflow's nodes and "
             "edges are read from each trigger's WorkflowName, Predicate and Actions instead",
    "references": "moto's CreateTrigger accepts any WorkflowName and job names without checking they "
                  "exist: the test checks that each named workflow and job was read back",
}
# Properties moto's CloudFormation accepts on a modelled type but does not apply (its adapters read
# only some properties, or the API's spelling). Not read back from the stack; the Terraform apply
# sets the same settings through the same APIs and reads them back. Where cheap, the test confirms
# moto still ignores them, so this list shrinks when moto improves.
NOT_APPLIED = {
    "AWS::S3::Bucket": [
        "VersioningConfiguration",
        "PublicAccessBlockConfiguration",
        "OwnershipControls",
        "LifecycleConfiguration",
        "LoggingConfiguration",
        "MetricsConfigurations",
        "CorsConfiguration",
    ],
    "AWS::Logs::LogGroup": ["KmsKeyId"],
}


def fail(message):
    print("FAIL: " + message, flush=True)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
    print("  ok  " + message, flush=True)


def clients(args):
    import boto3

    session = boto3.session.Session(
        aws_access_key_id="test", aws_secret_access_key="test", region_name=REGION
    )

    def client(name):
        return session.client(name, endpoint_url=args.endpoint, verify=args.ca)

    return client


def load_template(path):
    import yaml

    with open(path) as f:
        return yaml.safe_load(f)


# ------------------------------------------------------------------ cert, serve


def created_bucket(template):
    """The logical id of the bucket the stack creates: the data bucket, or the working bucket when
    the data bucket is the team's (existingBucket)."""
    return "WorkingBucket" if "WorkingBucket" in template["Resources"] else "DataBucket"


def team_bucket(template):
    """The team's data bucket (existingBucket), which the stack names but never creates: the
    BucketName output. None when the stack creates the data bucket."""
    if created_bucket(template) == "DataBucket":
        return None
    return template["Outputs"]["BucketName"]["Value"]


def prepare_team_bucket(client, template):
    """What the team already has: its bucket (existingBucket), created bare as it would already be
    in the account, so the deploy runs against it and the test can see it left as it was; and each
    catalog database a table names by a literal name (existingDatabase), which the stack does not
    create."""
    name = team_bucket(template)
    if name is not None:
        client("s3").create_bucket(Bucket=name)
        check(True, "the team's bucket %s exists before the deploy (existingBucket)" % name)
    glue = client("glue")
    for resource in template["Resources"].values():
        database = resource.get("Properties", {}).get("DatabaseName")
        if resource["Type"] == "AWS::Glue::Table" and isinstance(database, str):
            try:
                glue.get_database(Name=database)
            except glue.exceptions.EntityNotFoundException:
                glue.create_database(DatabaseInput={"Name": database})
                check(True, "the team's catalog database %s exists before the deploy (existingDatabase)" % database)


def check_team_bucket_untouched(client, template, when):
    """The team's bucket keeps its own settings: the deploy put no policy, lifecycle, logging, CORS
    or metrics configuration on it."""
    name = team_bucket(template)
    if name is None:
        return
    s3 = client("s3")
    names = {b["Name"] for b in s3.list_buckets()["Buckets"]}
    check(name in names, "the team's bucket %s still exists %s" % (name, when))
    untouched = []
    for what, call in (
        ("policy", lambda: s3.get_bucket_policy(Bucket=name)),
        ("lifecycle", lambda: s3.get_bucket_lifecycle_configuration(Bucket=name)),
        ("CORS", lambda: s3.get_bucket_cors(Bucket=name)),
    ):
        try:
            call()
            fail("the team's bucket %s got a %s %s" % (name, what, when))
        except s3.exceptions.ClientError:
            untouched.append(what)
    check(not s3.get_bucket_logging(Bucket=name).get("LoggingEnabled"), "the team's bucket %s has no logging %s" % (name, when))
    check(True, "the team's bucket %s has no %s %s" % (name, ", ".join(untouched), when))


def read_back_tables(client, expect, resolve):
    """Each sink's catalog table: where it reads, its format, and its partition keys in the sink's
    order (Glue's catalog sink requires the table's to be the script's, in the same order)."""
    glue = client("glue")
    for logical, props in sorted(expect.of_type("AWS::Glue::Table").items()):
        want = props["TableInput"]
        database = resolve(props["DatabaseName"])
        got = glue.get_table(DatabaseName=database, Name=want["Name"])["Table"]
        storage, stated = got.get("StorageDescriptor", {}), want["StorageDescriptor"]
        check(storage.get("Location") == stated["Location"],
              "Glue table %s.%s (%s) reads %s" % (database, want["Name"], logical, stated["Location"]))
        check(storage.get("SerdeInfo", {}).get("SerializationLibrary") == stated["SerdeInfo"]["SerializationLibrary"],
              "Glue table %s.%s serde %s" % (database, want["Name"], stated["SerdeInfo"]["SerializationLibrary"]))
        keys = [k["Name"] for k in got.get("PartitionKeys", [])]
        check(keys == [k["Name"] for k in want.get("PartitionKeys", [])],
              "Glue table %s.%s partition keys %s" % (database, want["Name"], keys))
        check(got.get("Parameters", {}).get("classification") == want["Parameters"]["classification"],
              "Glue table %s.%s classification %s" % (database, want["Name"], want["Parameters"]["classification"]))


def read_back_databases(client, expect):
    """The Data Catalog databases the stack creates for the jobs' catalog tables."""
    glue = client("glue")
    for logical, props in sorted(expect.of_type("AWS::Glue::Database").items()):
        name = props["DatabaseInput"]["Name"]
        got = glue.get_database(Name=name)["Database"]
        check(got.get("Description") == props["DatabaseInput"]["Description"],
              "Glue database %s (%s) exists with its description" % (name, logical))


def cmd_cert(args):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sparkgen moto 127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    with open(args.dir + "/cert.pem", "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(args.dir + "/key.pem", "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )


def patch_moto():
    """Five moto 5.2 defects that would otherwise fail or falsify a correct deploy. Each patch makes
    moto do what AWS does; nothing else is changed, and if moto moves the code, this fails loudly.

    1. S3 evaluates a bucket policy on object requests, but without a request context, and a
       statement whose condition does not match counts as an explicit Deny (only StringEquals is
       implemented at all). The TLS-only policy (Deny s3:* when Bool aws:SecureTransport is
       "false") thus denies every object upload and read. Patched: each statement's condition is
       evaluated against the context AWS would see (aws:SecureTransport "true": this server only
       speaks TLS; a key the request does not carry fails its condition, as in IAM), statements
       that do not apply are dropped, and moto evaluates the rest as before.
    2. CloudFormation's AWS::KMS::Key hands the template's tags ([{Key, Value}], the CloudFormation
       shape) to the KMS tagger, which wants [{TagKey, TagValue}], and raises KeyError('TagKey'): a
       tagged key cannot be created from a template. Converted to the KMS shape first.
    3. The same adapter stores the template's KeyPolicy as a mapping where KMS keeps JSON text, and
       every later DescribeKey fails (500, json.loads of a dict). Serialised to JSON first.
    4. CloudFormation's AWS::Events::Rule takes EventPattern as an object or as JSON text (the
       resource schema says string or object); moto's adapter JSON-encodes it again, so a text
       pattern becomes a quoted string and the rule fails (500). Text is decoded first.
    5. CloudFormation's AWS::IAM::ManagedPolicy has no delete: deleting the stack leaves the policy
       attached, and the role's deletion then fails (DeleteConflict). CloudFormation detaches a
       managed policy from its roles and deletes it; so does the patch.
    """
    from moto.iam.access_control import IAMPolicy, PermissionResult
    from moto.kms.models import Key
    from moto.s3.models import FakeBucket

    context = {"aws:SecureTransport": "true"}

    def applies(statement):
        for operator, entries in statement.get("Condition", {}).items():
            for key, expected in entries.items():
                expected = expected if isinstance(expected, list) else [expected]
                if key not in context:
                    return False
                if operator not in ("Bool", "StringEquals"):
                    raise NotImplementedError("patch_moto: condition operator %s" % operator)
                actual = context[key]
                if operator == "Bool":
                    actual, expected = actual.lower(), [str(e).lower() for e in expected]
                if actual not in expected:
                    return False
        return True

    def get_permission(self, action, resource):
        if self.policy is None:
            return PermissionResult.NEUTRAL
        policy = json.loads(self.policy.decode())
        statements = policy["Statement"]
        statements = statements if isinstance(statements, list) else [statements]
        kept = [{k: v for k, v in s.items() if k != "Condition"} for s in statements if applies(s)]
        if not kept:
            return PermissionResult.NEUTRAL
        return IAMPolicy(json.dumps(dict(policy, Statement=kept))).is_action_permitted(action, resource)

    if FakeBucket.get_permission.__code__.co_varnames[:3] != ("self", "action", "resource"):
        fail("moto's FakeBucket.get_permission changed: re-check patch_moto()")
    FakeBucket.get_permission = get_permission

    create_key = Key.create_from_cloudformation_json.__func__

    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, *args, **kwargs):
        properties = cloudformation_json.get("Properties", {})
        tags = properties.get("Tags")
        if tags and "Key" in tags[0]:
            properties["Tags"] = [{"TagKey": t["Key"], "TagValue": t["Value"]} for t in tags]
        if isinstance(properties.get("KeyPolicy"), dict):
            properties["KeyPolicy"] = json.dumps(properties["KeyPolicy"])
        return create_key(cls, resource_name, cloudformation_json, *args, **kwargs)

    Key.create_from_cloudformation_json = classmethod(create_from_cloudformation_json)

    from moto.events.models import Rule

    create_rule = Rule.create_from_cloudformation_json.__func__

    def create_rule_from_cloudformation_json(cls, resource_name, cloudformation_json, *args, **kwargs):
        properties = cloudformation_json.get("Properties", {})
        if isinstance(properties.get("EventPattern"), str):
            properties["EventPattern"] = json.loads(properties["EventPattern"])
        return create_rule(cls, resource_name, cloudformation_json, *args, **kwargs)

    Rule.create_from_cloudformation_json = classmethod(create_rule_from_cloudformation_json)

    from moto.iam.models import ManagedPolicy, iam_backends

    if "delete_from_cloudformation_json" in ManagedPolicy.__dict__:
        fail("moto's ManagedPolicy deletes itself now: drop patch 5 in patch_moto()")

    def delete_policy_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        iam = iam_backends[account_id][PARTITION]
        policy = iam.get_policy(resource_name)  # the physical id is the policy's ARN
        for role in list(iam.roles.values()):
            if policy.arn in role.managed_policies:
                policy.detach_from(role)
        iam.delete_policy(policy.arn)

    ManagedPolicy.delete_from_cloudformation_json = classmethod(delete_policy_from_cloudformation_json)


def cmd_serve(args):
    patch_moto()
    from moto.server import main

    main(["-H", "127.0.0.1", "-p", str(args.port), "-c", args.cert, "-k", args.key])


# ------------------------------------------------------------------ CloudFormation


class Resolver:
    """Resolves the template's intrinsics against what the emulator created."""

    def __init__(self, client, physical, template):
        self.client = client
        self.physical = physical  # logical id -> physical id
        self.template = template
        self.account = client("sts").get_caller_identity()["Account"]

    def ref(self, name):
        pseudo = {
            "AWS::Partition": PARTITION,
            "AWS::Region": REGION,
            "AWS::AccountId": self.account,
            "AWS::URLSuffix": URL_SUFFIX,
        }
        if name in pseudo:
            return pseudo[name]
        if name in self.physical:
            return self.physical[name]
        resource = self.template["Resources"][name]
        if resource["Type"] in GLUE_NAMED:
            return resource["Properties"]["Name"]
        if resource["Type"] == "AWS::Glue::Database":
            return resource["Properties"]["DatabaseInput"]["Name"]
        fail("cannot resolve Ref %s" % name)

    def get_att(self, name, attribute):
        kind = self.template["Resources"][name]["Type"]
        if (kind, attribute) == ("AWS::KMS::Key", "Arn"):
            return self.client("kms").describe_key(KeyId=self.ref(name))["KeyMetadata"]["Arn"]
        if (kind, attribute) == ("AWS::IAM::Role", "Arn"):
            return self.client("iam").get_role(RoleName=self.ref(name))["Role"]["Arn"]
        if (kind, attribute) == ("AWS::S3::Bucket", "Arn"):
            return "arn:%s:s3:::%s" % (PARTITION, self.ref(name))
        fail("cannot resolve Fn::GetAtt %s.%s" % (name, attribute))

    def __call__(self, value):
        if isinstance(value, list):
            return [self(v) for v in value]
        if isinstance(value, dict):
            if len(value) == 1:
                (k, v), = value.items()
                if k == "Ref":
                    return self.ref(v)
                if k == "Fn::GetAtt":
                    return self.get_att(*(v if isinstance(v, list) else v.split(".", 1)))
                if k == "Fn::Sub":
                    return self.sub(v)
            return {k: self(v) for k, v in value.items()}
        return value

    def sub(self, text):
        def one(m):
            inner = m.group(1)
            if inner.startswith("!"):
                return "${" + inner[1:] + "}"
            if "." in inner and not inner.startswith("AWS::"):
                return self.get_att(*inner.split(".", 1))
            return self.ref(inner)

        return re.sub(r"\$\{([^}]*)\}", one, text)


def create_unmodelled(client, logical, kind, props):
    p = props
    if kind == "AWS::S3::BucketPolicy":
        client("s3").put_bucket_policy(Bucket=p["Bucket"], Policy=json.dumps(p["PolicyDocument"]))
    elif kind == "AWS::Glue::SecurityConfiguration":
        config = dict(p["EncryptionConfiguration"])
        config["S3Encryption"] = config.pop("S3Encryptions")  # the API's name for the list
        client("glue").create_security_configuration(Name=p["Name"], EncryptionConfiguration=config)
    elif kind == "AWS::Glue::Database":
        client("glue").create_database(**p)
    elif kind == "AWS::Glue::Table":
        client("glue").create_table(**p)
    elif kind == "AWS::Glue::Job":
        client("glue").create_job(**p)
    elif kind == "AWS::Glue::Workflow":
        client("glue").create_workflow(**p)
    elif kind == "AWS::Glue::Trigger":
        client("glue").create_trigger(**p)
    elif kind == "AWS::CloudWatch::Alarm":
        p = dict(p)
        p["Threshold"] = float(p["Threshold"])
        client("cloudwatch").put_metric_alarm(**p)
    elif kind == "AWS::SNS::TopicPolicy":
        for topic in p["Topics"]:
            client("sns").set_topic_attributes(
                TopicArn=topic, AttributeName="Policy", AttributeValue=json.dumps(p["PolicyDocument"])
            )
    elif kind == "AWS::SNS::Subscription":
        client("sns").subscribe(TopicArn=p["TopicArn"], Protocol=p["Protocol"], Endpoint=p["Endpoint"])
    else:
        fail("no API substitute for %s (%s)" % (kind, logical))


def wait_stack(cfn, stack, done):
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            s = cfn.describe_stacks(StackName=stack)["Stacks"][0]
        except Exception as e:  # a deleted stack may no longer be described
            if done == "DELETE_COMPLETE" and "does not exist" in str(e):
                return done
            raise
        if not s["StackStatus"].endswith("_IN_PROGRESS"):
            return s["StackStatus"]
        time.sleep(1)
    fail("stack %s did not settle in 300 s" % stack)


def cmd_cloudformation(args):
    from moto.cloudformation.parsing import get_model_map

    client = clients(args)
    cfn = client("cloudformation")
    template = load_template(args.template)
    body = open(args.template).read()
    modelled = set(get_model_map())
    kinds = {r["Type"] for r in template["Resources"].values()}
    for kind, how in sorted(UNMODELLED.items()):
        check(kind not in modelled, "%s is not modelled by moto's CloudFormation: %s" % (kind, how))
    unknown = sorted(k for k in kinds if k not in modelled and k not in UNMODELLED)
    check(not unknown, "every resource type is modelled or named in UNMODELLED %s" % (unknown or ""))

    prepare_team_bucket(client, template)
    try:
        cfn.create_stack(StackName=args.stack, TemplateBody=body, Capabilities=["CAPABILITY_NAMED_IAM"])
    except Exception as e:  # moto creates the resources within the call; a failure surfaces here
        fail("creating stack %s: %s" % (args.stack, str(e).splitlines()[0]))
    status = wait_stack(cfn, args.stack, "CREATE_COMPLETE")
    if status != "CREATE_COMPLETE":
        for e in cfn.describe_stack_events(StackName=args.stack)["StackEvents"]:
            print("  event %s %s %s" % (e["LogicalResourceId"], e["ResourceStatus"], e.get("ResourceStatusReason", "")))
    check(status == "CREATE_COMPLETE", "stack %s is %s" % (args.stack, status))

    summaries = cfn.list_stack_resources(StackName=args.stack)["StackResourceSummaries"]
    # moto lists each resource it skipped as a nameless, typeless CREATE_COMPLETE entry.
    placeholders = [r for r in summaries if not r["LogicalResourceId"]]
    skipped = [k for k, r in template["Resources"].items() if r["Type"] not in modelled]
    check(len(placeholders) == len(skipped),
          "moto lists %d nameless entries for the %d resources it skipped" % (len(placeholders), len(skipped)))
    listed = {r["LogicalResourceId"]: r for r in summaries if r["LogicalResourceId"]}
    strays = sorted(set(listed) - set(template["Resources"]))
    check(not strays, "the stack has no resource the template does not declare %s" % (strays or ""))
    physical = {k: r["PhysicalResourceId"] for k, r in listed.items()}
    for logical, resource in sorted(template["Resources"].items()):
        kind = resource["Type"]
        if kind in modelled:
            check(
                logical in listed and listed[logical]["ResourceStatus"] == "CREATE_COMPLETE",
                "%s (%s) created by the stack" % (logical, kind),
            )
        else:
            check(logical not in listed, "%s (%s) skipped by moto, as named" % (logical, kind))

    resolve = Resolver(client, physical, template)
    order = list(UNMODELLED)
    pending = sorted(
        ((logical, r) for logical, r in template["Resources"].items() if r["Type"] in UNMODELLED),
        key=lambda lr: (order.index(lr[1]["Type"]), lr[0]),
    )
    for logical, resource in pending:
        props = resolve(resource.get("Properties", {}))
        try:
            create_unmodelled(client, logical, resource["Type"], props)
        except Exception as e:
            fail("%s (%s): %s" % (logical, resource["Type"], e))
        check(True, "%s (%s) %s" % (logical, resource["Type"], UNMODELLED[resource["Type"]]))

    expect = Expected(template)
    s3 = client("s3")
    created = created_bucket(template)
    for logical in (created, "AccessLogBucket"):
        bucket = physical[logical]
        rule = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]
        check(
            rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == expect.sse(logical),
            "%s encryption %s" % (bucket, expect.sse(logical)),
        )
    for logical in (created, "AccessLogBucket"):
        versioning = s3.get_bucket_versioning(Bucket=physical[logical]).get("Status")
        check(versioning is None, "%s VersioningConfiguration not applied by moto, as named" % logical)
    read_back_shared(client, expect, resolve, cloudformation=True)
    check_team_bucket_untouched(client, template, "after the stack is created")
    for logical in sorted(listed):
        kind = template["Resources"][logical]["Type"]
        if kind in NOT_APPLIED:
            print("  --  %s (%s): %s not applied by moto; the Terraform apply covers them"
                  % (logical, kind, ", ".join(NOT_APPLIED[kind])))

    cfn.delete_stack(StackName=args.stack)
    status = wait_stack(cfn, args.stack, "DELETE_COMPLETE")
    check(status == "DELETE_COMPLETE", "stack deleted (%s)" % status)
    buckets = {b["Name"] for b in s3.list_buckets()["Buckets"]}
    check_team_bucket_untouched(client, template, "after the stack is deleted")
    for logical in (created, "AccessLogBucket"):
        retained = template["Resources"][logical].get("DeletionPolicy") == "Retain"
        check(
            (physical[logical] in buckets) == retained,
            "%s %s after the stack is deleted" % (physical[logical], "kept" if retained else "gone"),
        )
    if "DataKey" in physical:
        retained = template["Resources"]["DataKey"].get("DeletionPolicy") == "Retain"
        kms = client("kms")
        try:
            state = kms.describe_key(KeyId=physical["DataKey"])["KeyMetadata"]["KeyState"]
        except kms.exceptions.NotFoundException:
            # AWS schedules a deleted key's deletion (PendingDeletion, 7 to 30 days); moto
            # removes it at once. Either way it is no longer usable.
            state = "deleted (moto removes at once what AWS schedules for deletion)"
        check((state == "Enabled") == retained, "the key is %s after the stack is deleted" % state)
    roles = [r["RoleName"] for r in client("iam").list_roles()["Roles"]]
    for logical in sorted(expect.of_type("AWS::IAM::Role")):
        check(physical[logical] not in roles, "role %s gone with the stack" % physical[logical])
    # What was created through its own API is not the stack's to delete on moto: its removal with
    # a stack cannot be observed here (the Terraform destroy's removal of the same names is checked).
    for kind in sorted(UNMODELLED):
        logicals = sorted(expect.of_type(kind))
        if logicals:
            print("  --  %s %s: UNMODELLED: %s, not by moto's stack, so their deletion with the stack "
                  "cannot be checked here" % (kind, logicals, UNMODELLED[kind]), flush=True)
    groups = [g["logGroupName"] for g in client("logs").describe_log_groups()["logGroups"]]
    for logical, group in sorted(expect.of_type("AWS::Logs::LogGroup").items()):
        check(group["LogGroupName"] not in groups, "log group %s gone with the stack" % group["LogGroupName"])


# ------------------------------------------------------------------ expectations from the template


class Expected:
    def __init__(self, template):
        self.t = template
        self.r = template["Resources"]

    def props(self, logical):
        return self.r[logical]["Properties"]

    def of_type(self, kind):
        return {k: v["Properties"] for k, v in self.r.items() if v["Type"] == kind}

    def sse(self, logical):
        rules = self.props(logical)["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        return rules[0]["ServerSideEncryptionByDefault"]["SSEAlgorithm"]


def role_of(job_props):
    """The logical id of the role a job runs as (its Role is Fn::GetAtt [ROLE, Arn])."""
    role = job_props["Role"]["Fn::GetAtt"]
    return role[0] if isinstance(role, list) else role.split(".", 1)[0]


def read_back_shared(client, expect, resolve, cloudformation=False):
    """Values both deploys set through the same APIs: each job and its role, the workflow and the
    triggers, alarms, log groups, key rotation."""
    glue = client("glue")
    iam = client("iam")
    jobs = expect.of_type("AWS::Glue::Job")
    roles = sorted(expect.props(role_of(j))["RoleName"] for j in jobs.values())
    check(len(set(roles)) == len(jobs), "each of the %d Glue jobs has its own role %s" % (len(jobs), roles))
    for logical, job_props in sorted(jobs.items()):
        read_back_job(glue, iam, expect, resolve, job_props,
                      s3=None if cloudformation else client("s3"))
        read_back_role(client, expect, role_of(job_props))
    read_back_workflows(client, expect, resolve)
    read_back_databases(client, expect)
    read_back_tables(client, expect, resolve)

    cw = client("cloudwatch")
    for logical, alarm in sorted(expect.of_type("AWS::CloudWatch::Alarm").items()):
        found = cw.describe_alarms(AlarmNames=[alarm["AlarmName"]])["MetricAlarms"]
        check(len(found) == 1, "alarm %s exists" % alarm["AlarmName"])
        a = found[0]
        check(a["Threshold"] == float(alarm["Threshold"]), "alarm %s threshold %s" % (a["AlarmName"], a["Threshold"]))
        for field in ("Namespace", "MetricName", "Statistic", "Period", "EvaluationPeriods", "DatapointsToAlarm", "ComparisonOperator", "TreatMissingData"):
            check(a[field] == alarm[field], "alarm %s %s = %s" % (a["AlarmName"], field, a[field]))
        dims = {d["Name"]: d["Value"] for d in a["Dimensions"]}
        check(dims == {d["Name"]: d["Value"] for d in alarm["Dimensions"]}, "alarm %s dimensions" % a["AlarmName"])

    logs = client("logs")
    for logical, group in sorted(expect.of_type("AWS::Logs::LogGroup").items()):
        found = [g for g in logs.describe_log_groups(logGroupNamePrefix=group["LogGroupName"])["logGroups"]
                 if g["logGroupName"] == group["LogGroupName"]]
        check(len(found) == 1, "log group %s exists" % group["LogGroupName"])
        check(found[0].get("retentionInDays") == group["RetentionInDays"],
              "log group %s retention %s days" % (group["LogGroupName"], found[0].get("retentionInDays")))
        if "KmsKeyId" in group and cloudformation:
            check(found[0].get("kmsKeyId") is None,
                  "log group %s KmsKeyId not applied by moto, as named" % group["LogGroupName"])
        elif "KmsKeyId" in group:
            check(found[0].get("kmsKeyId") == resolve(group["KmsKeyId"]), "log group %s KMS key" % group["LogGroupName"])

    if "DataKey" in expect.r:
        kms = client("kms")
        alias = expect.props("DataKeyAlias")["AliasName"]
        key_id = kms.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"]
        rotation = kms.get_key_rotation_status(KeyId=key_id)["KeyRotationEnabled"]
        check(rotation == expect.props("DataKey")["EnableKeyRotation"], "key %s rotation %s" % (alias, rotation))


# ------------------------------------------------------------------ Terraform


def cmd_terraform_readback(args):
    client = clients(args)
    template = load_template(args.template)
    expect = Expected(template)
    outputs = {k: v["value"] for k, v in json.load(open(args.outputs)).items()}
    s3 = client("s3")
    created = created_bucket(template)
    data = expect.props(created)
    bucket = data["BucketName"]
    check(outputs["bucket_name"] == (team_bucket(template) or bucket), "output bucket_name %s" % outputs["bucket_name"])
    check_team_bucket_untouched(client, template, "after terraform apply")
    for logical in (created, "AccessLogBucket"):
        props = expect.props(logical)
        name = props["BucketName"]
        versioning = s3.get_bucket_versioning(Bucket=name).get("Status")
        check(versioning == props["VersioningConfiguration"]["Status"], "%s versioning %s" % (name, versioning))
        rule = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"][0]
        algorithm = rule["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"]
        check(algorithm == expect.sse(logical), "%s encryption %s" % (name, algorithm))
        if algorithm == "aws:kms":
            check(rule["ApplyServerSideEncryptionByDefault"]["KMSMasterKeyID"] == outputs["kms_key_arn"],
                  "%s encrypted with the stack's key" % name)
            check(rule.get("BucketKeyEnabled") is True, "%s bucket key on" % name)
        block = s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"]
        check(block == props["PublicAccessBlockConfiguration"], "%s public access blocked" % name)
        owner = s3.get_bucket_ownership_controls(Bucket=name)["OwnershipControls"]["Rules"][0]["ObjectOwnership"]
        check(owner == "BucketOwnerEnforced", "%s ownership %s" % (name, owner))
        policy = json.loads(s3.get_bucket_policy(Bucket=name)["Policy"])
        sids = sorted(s.get("Sid") for s in policy["Statement"])
        want = sorted(s["Sid"] for s in props_policy(expect, logical))
        check(sids == want, "%s policy statements %s" % (name, sids))
        rules = s3.get_bucket_lifecycle_configuration(Bucket=name)["Rules"]
        check(sorted(r["ID"] for r in rules) == sorted(r["Id"] for r in props["LifecycleConfiguration"]["Rules"]),
              "%s lifecycle rules %s" % (name, sorted(r["ID"] for r in rules)))
        for want_rule in props["LifecycleConfiguration"]["Rules"]:
            got = next(r for r in rules if r["ID"] == want_rule["Id"])
            pairs = [
                ("to STANDARD_IA", want_rule.get("Transitions", [{}])[0].get("TransitionInDays"),
                 (got.get("Transitions") or [{}])[0].get("Days")),
                ("current versions expire", want_rule.get("ExpirationInDays"), got.get("Expiration", {}).get("Days")),
                ("noncurrent versions expire", want_rule.get("NoncurrentVersionExpiration", {}).get("NoncurrentDays"),
                 got.get("NoncurrentVersionExpiration", {}).get("NoncurrentDays")),
                ("incomplete uploads aborted", want_rule.get("AbortIncompleteMultipartUpload", {}).get("DaysAfterInitiation"),
                 got.get("AbortIncompleteMultipartUpload", {}).get("DaysAfterInitiation")),
            ]
            for what, want, have in pairs:
                if want is not None or have is not None:
                    check(have == want, "%s rule %s: %s after %s days" % (name, want_rule["Id"], what, have))
    logging = s3.get_bucket_logging(Bucket=bucket).get("LoggingEnabled", {})
    check(logging.get("TargetBucket") == expect.props("AccessLogBucket")["BucketName"]
          and logging.get("TargetPrefix") == data["LoggingConfiguration"]["LogFilePrefix"],
          "%s logs to %s/%s" % (bucket, logging.get("TargetBucket"), logging.get("TargetPrefix")))
    if "MetricsConfigurations" in data:
        # moto 5.2's S3 metrics API is a stub: Get returns an empty configuration for any Id and List
        # returns none, so only Terraform's successful PutBucketMetricsConfiguration is evidence.
        print("  --  %s request metrics %s: put by Terraform; moto cannot read them back"
              % (bucket, [m["Id"] for m in data["MetricsConfigurations"]]))
    if "CorsConfiguration" in data:
        rules = s3.get_bucket_cors(Bucket=bucket)["CORSRules"]
        check([r["AllowedOrigins"] for r in rules] == [r["AllowedOrigins"] for r in data["CorsConfiguration"]["CorsRules"]],
              "%s CORS origins" % bucket)

    read_back_shared(client, expect, OutputResolver(outputs, expect))
    read_back_job_outputs(client, expect, outputs)

    subscriptions = expect.of_type("AWS::SNS::Subscription")
    if subscriptions:
        sns = client("sns")
        found = sns.list_subscriptions_by_topic(TopicArn=outputs["alarm_topic_arn"])["Subscriptions"]
        check(sorted(s["Endpoint"] for s in found) == sorted(s["Endpoint"] for s in subscriptions.values()),
              "alarm topic subscriptions %s" % [s["Endpoint"] for s in found])
    rules = expect.of_type("AWS::Events::Rule")
    for rule in rules.values():
        got = client("events").describe_rule(Name=rule["Name"])
        check(json.loads(got["EventPattern"]) == rule["EventPattern"], "event rule %s pattern" % rule["Name"])
        targets = client("events").list_targets_by_rule(Rule=rule["Name"])["Targets"]
        check([t["Arn"] for t in targets] == [outputs["alarm_topic_arn"]],
              "event rule %s targets the alarm topic" % rule["Name"])
    dashboard = expect.props("Dashboard")["DashboardName"]
    client("cloudwatch").get_dashboard(DashboardName=dashboard)
    check(True, "dashboard %s exists" % dashboard)


def read_back_job(glue, iam, expect, resolve, job_props, s3=None):
    name = job_props["Name"]
    job = glue.get_job(JobName=name)["Job"]
    role = expect.props(role_of(job_props))["RoleName"]
    role_arn = iam.get_role(RoleName=role)["Role"]["Arn"]
    check(job["Role"] == role_arn, "Glue job %s runs as role %s" % (name, role))
    check(job["DefaultArguments"] == job_props["DefaultArguments"], "Glue job %s arguments (%d)" % (name, len(job["DefaultArguments"])))
    delay = job.get("NotificationProperty", {}).get("NotifyDelayAfter")
    check(delay == job_props["NotificationProperty"]["NotifyDelayAfter"], "Glue job %s NotifyDelayAfter = %s minutes" % (name, delay))
    runs = job.get("ExecutionProperty", {}).get("MaxConcurrentRuns")
    check(runs == job_props["ExecutionProperty"]["MaxConcurrentRuns"], "Glue job %s MaxConcurrentRuns = %s" % (name, runs))
    for field in ("GlueVersion", "WorkerType", "NumberOfWorkers", "Timeout", "MaxRetries", "ExecutionClass"):
        # The provider sends no MaxRetries when it is 0 and moto then omits it; AWS's default is 0.
        got = job.get(field, 0 if field == "MaxRetries" else None)
        check(got == job_props[field], "Glue job %s %s = %s" % (name, field, got))
    # A local ScriptLocation is for `aws cloudformation package`; Terraform uploads the same file
    # and points the job at its S3 copy.
    script, stated = job["Command"]["ScriptLocation"], job_props["Command"]["ScriptLocation"]
    local = not stated.startswith("s3://")
    check(script == stated or (local and s3 is not None and script.startswith("s3://")
                               and script.rsplit("/", 1)[-1] == stated.rsplit("/", 1)[-1]),
          "Glue job %s script %s" % (name, script))
    data_bucket = expect.r.get("DataBucket", {}).get("Properties", {}).get("BucketName")
    if s3 is not None and data_bucket:
        # What Glue fetches from the stack's bucket when a run starts (the script, every
        # --extra-py-files object) must be there once Terraform has applied.
        extra = [u for u in job["DefaultArguments"].get("--extra-py-files", "").split(",") if u]
        for uri in [script] + extra:
            owner, _, key = uri[len("s3://"):].partition("/")
            if uri.startswith("s3://") and owner == data_bucket:
                check(object_exists(s3, owner, key), "Glue job %s reads %s: uploaded" % (name, uri))
    if "SecurityConfiguration" in job_props:
        config = resolve(job_props["SecurityConfiguration"])
        check(job.get("SecurityConfiguration") == config, "Glue job %s security configuration %s" % (name, config))
        sc = glue.get_security_configuration(Name=config)["SecurityConfiguration"]["EncryptionConfiguration"]
        check(sc["S3Encryption"][0]["S3EncryptionMode"] == "SSE-KMS", "security configuration %s S3 SSE-KMS" % config)


def object_exists(s3, bucket, key):
    try:
        s3.head_object(Bucket=bucket, Key=key)
        return True
    except Exception:  # noqa: BLE001 (botocore's ClientError: 404)
        return False


def predicate_text(predicate):
    conditions = " and ".join("%s %s %s" % (c.get("JobName"), c.get("LogicalOperator"), c.get("State"))
                              for c in predicate.get("Conditions", []))
    return "%s (Logical %s)" % (conditions, predicate.get("Logical"))


def read_back_workflows(client, expect, resolve):
    """Each workflow (Name, Description, MaxConcurrentRuns, tags) and each trigger (type, state,
    schedule, workflow, predicate, actions, tags), then the graph the triggers draw: one start
    trigger per workflow, and every job a condition watches is started in the same workflow."""
    glue = client("glue")
    account = client("sts").get_caller_identity()["Account"]

    def arn(kind, name):
        return "arn:%s:glue:%s:%s:%s/%s" % (PARTITION, REGION, account, kind, name)

    workflows = expect.of_type("AWS::Glue::Workflow")
    for logical, props in sorted(workflows.items()):
        name = props["Name"]
        got = glue.get_workflow(Name=name, IncludeGraph=True)["Workflow"]
        check(got["Name"] == name, "workflow %s exists" % name)
        check(got.get("Description") == props.get("Description"), "workflow %s description" % name)
        check(got.get("MaxConcurrentRuns") == props.get("MaxConcurrentRuns"),
              "workflow %s MaxConcurrentRuns = %s" % (name, got.get("MaxConcurrentRuns")))
        tags = glue.get_tags(ResourceArn=arn("workflow", name))["Tags"]
        check(tags == props.get("Tags", {}), "workflow %s tags %s" % (name, sorted(tags)))
        if "Graph" in got:
            fail("moto's GetWorkflow returns a Graph now: read the workflow's graph back here "
                 "and drop GLUE_UNMODELLED['graph']")
        print("  --  workflow %s graph: UNMODELLED: %s" % (name, GLUE_UNMODELLED["graph"]), flush=True)

    triggers = {}
    for logical, props in sorted(expect.of_type("AWS::Glue::Trigger").items()):
        name = props["Name"]
        got = glue.get_trigger(Name=name)["Trigger"]
        triggers[name] = got
        check(got["Type"] == props["Type"], "trigger %s type %s" % (name, got["Type"]))
        # moto keeps a trigger created with StartOnCreation ACTIVATED, one without CREATED, as AWS does.
        want = "ACTIVATED" if props.get("StartOnCreation") else "CREATED"
        check(got["State"] == want, "trigger %s state %s" % (name, got["State"]))
        check(got.get("Schedule") == props.get("Schedule"),
              "trigger %s schedule %s" % (name, got.get("Schedule", "(none)")))
        want = resolve(props["WorkflowName"]) if "WorkflowName" in props else None
        check(got.get("WorkflowName") == want, "trigger %s %s" % (
            name, "in workflow %s" % got["WorkflowName"] if "WorkflowName" in got else "outside any workflow"))
        want = [resolve(a["JobName"]) for a in props["Actions"]]
        check([a.get("JobName") for a in got["Actions"]] == want, "trigger %s starts %s" % (name, want))
        if "Predicate" in props:
            p = props["Predicate"]
            want = {"Logical": p["Logical"],
                    "Conditions": [{"LogicalOperator": c["LogicalOperator"], "JobName": resolve(c["JobName"]),
                                    "State": c["State"]} for c in p["Conditions"]]}
            have = got.get("Predicate", {})
            check(have == want, "trigger %s fires when %s%s" % (
                name, predicate_text(have), "" if have == want else "; the template says %s" % predicate_text(want)))
        else:
            check("Predicate" not in got, "trigger %s has no predicate" % name)
        tags = glue.get_tags(ResourceArn=arn("trigger", name))["Tags"]
        check(tags == props.get("Tags", {}), "trigger %s tags %s" % (name, sorted(tags)))

    if triggers:
        print("  --  triggers' workflow and job names: UNMODELLED: %s" % GLUE_UNMODELLED["references"], flush=True)
    jobs = {j["Name"] for j in expect.of_type("AWS::Glue::Job").values()}
    for name, got in sorted(triggers.items()):
        named = [a.get("JobName") for a in got["Actions"]]
        named += [c.get("JobName") for c in got.get("Predicate", {}).get("Conditions", [])]
        check(set(named) <= jobs, "trigger %s names only the stack's jobs %s" % (name, sorted(set(named))))
    for logical, props in sorted(workflows.items()):
        name = props["Name"]
        inside = [t for t in triggers.values() if t.get("WorkflowName") == name]
        starts = sorted(t["Name"] for t in inside if t["Type"] != "CONDITIONAL")
        check(len(starts) == 1, "workflow %s has one start trigger %s" % (name, starts))
        started = {a.get("JobName") for t in inside for a in t["Actions"]}
        watched = {c.get("JobName") for t in inside for c in t.get("Predicate", {}).get("Conditions", [])}
        check(watched <= started, "workflow %s starts every job its conditions watch %s" % (name, sorted(watched)))
    named = {t["WorkflowName"] for t in triggers.values() if "WorkflowName" in t}
    check(named <= {w["Name"] for w in workflows.values()}, "triggers name only the stack's workflows %s" % sorted(named))


def read_back_role(client, expect, role_logical):
    """The role carries its job's customer-managed policy with the template's statements, AWS
    managed policies only as the template names them, and no inline policy."""
    iam = client("iam")
    role = expect.props(role_logical)["RoleName"]
    policies = [p for p in expect.of_type("AWS::IAM::ManagedPolicy").values()
                if {"Ref": role_logical} in p.get("Roles", [])]
    if len(policies) != 1:
        fail("the template attaches %d managed policies to %s, not one" % (len(policies), role_logical))
    job_policy = policies[0]
    attached = {p["PolicyName"]: p["PolicyArn"]
                for p in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]}
    want_managed = [(a if isinstance(a, str) else a["Fn::Sub"]).replace("${AWS::Partition}", PARTITION)
                    for a in expect.props(role_logical).get("ManagedPolicyArns", [])]
    others = sorted(arn for name, arn in attached.items() if name != job_policy["ManagedPolicyName"])
    check(others == sorted(want_managed), "role %s AWS managed policies %s" % (role, others))
    check(job_policy["ManagedPolicyName"] in attached, "role %s has policy %s attached" % (role, job_policy["ManagedPolicyName"]))
    arn = attached[job_policy["ManagedPolicyName"]]
    version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
    doc = iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"]
    if isinstance(doc, str):
        doc = json.loads(doc)
    check(sorted(s["Sid"] for s in doc["Statement"]) == sorted(s["Sid"] for s in job_policy["PolicyDocument"]["Statement"]),
          "policy %s statements" % job_policy["ManagedPolicyName"])
    inline = iam.list_role_policies(RoleName=role)["PolicyNames"]
    check(inline == [], "role %s has no inline policy %s" % (role, inline))


def props_policy(expect, bucket_logical):
    for v in expect.r.values():
        if v["Type"] == "AWS::S3::BucketPolicy" and v["Properties"]["Bucket"] == {"Ref": bucket_logical}:
            return v["Properties"]["PolicyDocument"]["Statement"]
    fail("no policy for %s" % bucket_logical)


def read_back_job_outputs(client, expect, outputs):
    """Each job's pair of Terraform outputs (`glue_job_name`, `glue_job_role_arn`, with the job's
    snake-case prefix for every job but the first) names the job and the role moto has for it."""
    iam = client("iam")
    jobs = {j["Name"]: j for j in expect.of_type("AWS::Glue::Job").values()}
    prefixes = sorted(k[: -len("glue_job_name")] for k in outputs if k.endswith("glue_job_name"))
    named = sorted(outputs[p + "glue_job_name"] for p in prefixes)
    check(named == sorted(jobs), "outputs name every Glue job %s" % named)
    for prefix in prefixes:
        job = jobs[outputs[prefix + "glue_job_name"]]
        role = iam.get_role(RoleName=expect.props(role_of(job))["RoleName"])["Role"]
        check(outputs.get(prefix + "glue_job_role_arn") == role["Arn"],
              "output %sglue_job_role_arn is job %s's role %s" % (prefix, job["Name"], role["RoleName"]))


class OutputResolver:
    """Resolves the template's references from the Terraform outputs."""

    def __init__(self, outputs, expect):
        self.outputs = outputs
        self.expect = expect

    def __call__(self, value):
        if value == {"Fn::GetAtt": ["DataKey", "Arn"]}:
            return self.outputs["kms_key_arn"]
        if isinstance(value, dict) and list(value) == ["Ref"] and self.expect.r.get(value["Ref"], {}).get("Type") in GLUE_NAMED:
            # The name the template gives it: what CloudFormation's Ref returns, and what the
            # Terraform configuration writes (read back from moto by the caller).
            return self.expect.props(value["Ref"])["Name"]
        if isinstance(value, dict) and list(value) == ["Ref"] and self.expect.r.get(value["Ref"], {}).get("Type") == "AWS::Glue::Database":
            return self.expect.props(value["Ref"])["DatabaseInput"]["Name"]
        if isinstance(value, (dict, list)):
            fail("cannot resolve %s from the Terraform outputs" % value)
        return value


# What a plan right after `terraform apply` may still want to change, because moto answers
# differently from AWS. Anything else is a failure: the applied configuration must be stable.
REPLAN_DRIFT = {
    # moto's GetJob reports ExecutionClass STANDARD for a job created without one; AWS returns no
    # class then (the provider's execution_class is not computed, so AWS cannot be echoing it).
    ("aws_glue_job", "execution_class"): ("STANDARD", None),
}


def cmd_replan(args):
    plan = json.load(open(args.plan_json))
    for change in plan.get("resource_changes", []):
        actions = change["change"]["actions"]
        if actions in (["no-op"], ["read"]):
            continue
        address = change["address"]
        if actions != ["update"]:
            fail("a plan after apply wants to %s %s" % ("/".join(actions), address))
        before, after = change["change"]["before"], change["change"]["after"]
        for key in sorted(set(before) | set(after)):
            if before.get(key) == after.get(key):
                continue
            allowed = REPLAN_DRIFT.get((change["type"], key))
            if allowed != (before.get(key), after.get(key)):
                fail("a plan after apply wants %s.%s: %r -> %r" % (address, key, before.get(key), after.get(key)))
            print("  --  %s.%s: %r -> %r, moto's answer (named in REPLAN_DRIFT)" % (address, key, before.get(key), after.get(key)))
    check(True, "a plan after apply changes nothing else")


def cmd_prevent_destroy(args):
    """Addresses of blocks holding `prevent_destroy = true` (sparkgen's output: one block per
    `resource "TYPE" "NAME" {` line at column 0, closed by `}` at column 0)."""
    current = None
    found = []
    for line in open(args.main_tf):
        m = re.match(r'^resource "([^"]+)" "([^"]+)" \{', line)
        if m:
            current = "%s.%s" % m.groups()
        elif line.startswith("}"):
            current = None
        elif current and re.match(r"^\s*prevent_destroy\s*=\s*true\s*$", line):
            found.append(current)
    print("\n".join(found))


def cmd_after_destroy(args):
    client = clients(args)
    template = load_template(args.template)
    expect = Expected(template)
    retained = args.retained == "yes"
    s3 = client("s3")
    existing = {b["Name"] for b in s3.list_buckets()["Buckets"]}
    check_team_bucket_untouched(client, template, "after terraform destroy")
    for logical in (created_bucket(template), "AccessLogBucket"):
        props = expect.props(logical)
        name = props["BucketName"]
        check((name in existing) == retained, "%s %s after terraform destroy" % (name, "kept" if retained else "gone"))
        if retained:
            # Its settings stay with it: prevent_destroy covers every aws_s3_bucket_* resource.
            check(s3.get_bucket_versioning(Bucket=name).get("Status") == "Enabled", "%s still versioned" % name)
            check(s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"][0]
                  ["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == expect.sse(logical), "%s still encrypted" % name)
            check(all(s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"].values()),
                  "%s still blocks public access" % name)
            policy = json.loads(s3.get_bucket_policy(Bucket=name)["Policy"])
            check(any(s.get("Sid") == "DenyInsecureTransport" for s in policy["Statement"]), "%s still TLS-only" % name)
    if "DataKeyAlias" in expect.r:
        kms = client("kms")
        keys = [kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"] for k in kms.list_keys()["Keys"]]
        description = expect.props("DataKey")["Description"]
        states = [k["KeyState"] for k in keys if k.get("Description") == description]
        check(len(states) == 1 and (states[0] == "Enabled") == retained,
              "the key is %s after terraform destroy" % (states or ["missing"])[0])
    glue = client("glue")
    gone = [("Glue job", "AWS::Glue::Job", lambda n: glue.get_job(JobName=n)),
            ("Glue workflow", "AWS::Glue::Workflow", lambda n: glue.get_workflow(Name=n)),
            ("Glue trigger", "AWS::Glue::Trigger", lambda n: glue.get_trigger(Name=n))]
    for what, kind, get in gone:
        for props in expect.of_type(kind).values():
            try:
                get(props["Name"])
                fail("%s %s still exists after terraform destroy" % (what, props["Name"]))
            except glue.exceptions.EntityNotFoundException:
                check(True, "%s %s gone" % (what, props["Name"]))
    for props in expect.of_type("AWS::Glue::Database").values():
        name = props["DatabaseInput"]["Name"]
        try:
            glue.get_database(Name=name)
            fail("Glue database %s still exists after terraform destroy" % name)
        except glue.exceptions.EntityNotFoundException:
            check(True, "Glue database %s gone" % name)
    alarms = [a["AlarmName"] for a in expect.of_type("AWS::CloudWatch::Alarm").values()]
    left = client("cloudwatch").describe_alarms(AlarmNames=alarms)["MetricAlarms"]
    check(not left, "alarms gone")
    roles = [r["RoleName"] for r in client("iam").list_roles()["Roles"]]
    for role in sorted(r["RoleName"] for r in expect.of_type("AWS::IAM::Role").values()):
        check(role not in roles, "role %s gone" % role)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint")
    parser.add_argument("--ca")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("cert")
    p.add_argument("dir")
    p = sub.add_parser("serve")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p = sub.add_parser("cloudformation")
    p.add_argument("--stack", required=True)
    p.add_argument("--template", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--template", required=True)
    p = sub.add_parser("terraform-readback")
    p.add_argument("--template", required=True)
    p.add_argument("--outputs", required=True)
    p = sub.add_parser("replan")
    p.add_argument("plan_json")
    p = sub.add_parser("prevent-destroy")
    p.add_argument("main_tf")
    p = sub.add_parser("after-destroy")
    p.add_argument("--template", required=True)
    p.add_argument("--retained", choices=["yes", "no"], required=True)
    args = parser.parse_args()
    {
        "cert": cmd_cert,
        "serve": cmd_serve,
        "cloudformation": cmd_cloudformation,
        "prepare": lambda a: prepare_team_bucket(clients(a), load_template(a.template)),
        "terraform-readback": cmd_terraform_readback,
        "replan": cmd_replan,
        "prevent-destroy": cmd_prevent_destroy,
        "after-destroy": cmd_after_destroy,
    }[args.command](args)


if __name__ == "__main__":
    main()
