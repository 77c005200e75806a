#!/usr/bin/env node
// cdk-nag's AwsSolutions pack on CloudFormation templates (driven by scripts/cdk-nag.sh).
//
// usage: node nag.js [--modules DIR] [--outdir DIR] [--results FILE] [--as LABEL] TEMPLATE...
//   --modules DIR   folder whose node_modules holds the pinned aws-cdk-lib, constructs, cdk-nag
//                   (default: this script's folder)
//   --outdir DIR    where each template's cloud assembly goes, with cdk-nag's CSV report
//                   (AwsSolutions-<stack>-NagReport.csv); default: a temp dir, removed at exit
//   --results FILE  append "LABEL|PASS" or "LABEL|FAIL" per template
//   --as LABEL      name the next TEMPLATE LABEL in the output (default: its path)
//
// Each template is loaded into its own App and Stack with CfnInclude (logical ids kept), the
// AwsSolutionsChecks aspect (verbose) is added to the App, and the App is synthesized. Findings
// come from a logger handed to the pack (additionalLoggers) and are checked against the error and
// warning annotations cdk-nag leaves in the synthesized assembly, so nothing it reports is lost.
// Prints one line per finding:
//   finding     LABEL  LOGICAL_ID  RULE_ID[FINDING]  error|warning  MESSAGE
// and one line per suppressed finding, with its reason:
//   suppressed  LABEL  LOGICAL_ID  RULE_ID[FINDING]  error|warning  reason: "REASON"
// A template fails when any finding is left unsuppressed (error or warning), when CfnInclude
// rejects it, or when synthesis throws (e.g. a malformed suppression). Exit 1 when any template
// failed, 2 on a usage error.
//
// Suppressions are read from each resource's own CloudFormation Metadata, which CfnInclude keeps
// on the included CfnResource, where cdk-nag (v2) looks for them:
//   Metadata:
//     cdk_nag:
//       rules_to_suppress:
//         - id: AwsSolutions-S1
//           reason: at least 10 characters saying why
//         - id: AwsSolutions-IAM5            # granular: only these findings
//           reason: ...
//           applies_to: ["Resource::<DataBucket.Arn>/*"]
// A template-level Metadata.cdk_nag (cdk-nag's stack-wide form) is NOT read: CfnInclude does not
// put it into the Stack's templateOptions, where cdk-nag looks. This script says so when it sees
// one. A resource suppression that matched no finding is printed as "unused" (not a failure).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { createRequire } = require('module');

function usage(msg) {
  if (msg) process.stderr.write(`nag.js: ${msg}\n`);
  process.stderr.write('usage: node nag.js [--modules DIR] [--outdir DIR] [--results FILE] [--as LABEL] TEMPLATE...\n');
  process.exit(2);
}

// ---------------------------------------------------------------- arguments
let modulesDir = __dirname;
let outdir = '';
let resultsFile = '';
let nextLabel = '';
const templates = []; // { label, file }
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const val = () => {
    if (i + 1 >= argv.length) usage(`${a} needs a value`);
    return argv[++i];
  };
  if (a === '--modules') modulesDir = val();
  else if (a === '--outdir') outdir = val();
  else if (a === '--results') resultsFile = val();
  else if (a === '--as') nextLabel = val();
  else if (a === '-h' || a === '--help') usage();
  else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else {
    templates.push({ label: nextLabel || a, file: a });
    nextLabel = '';
  }
}
if (templates.length === 0) usage('no template given');

const req = createRequire(path.join(path.resolve(modulesDir), 'package.json'));
let cdk, CfnInclude, nag;
try {
  cdk = req('aws-cdk-lib');
  ({ CfnInclude } = req('aws-cdk-lib/cloudformation-include'));
  nag = req('cdk-nag');
} catch (e) {
  process.stderr.write(`nag.js: cannot load aws-cdk-lib / cdk-nag from ${modulesDir}/node_modules: ${e.message}\n`);
  process.exit(2);
}
const version = (name) => req(`${name}/package.json`).version;
console.log(`cdk-nag ${version('cdk-nag')}, aws-cdk-lib ${version('aws-cdk-lib')}, ` +
  `constructs ${version('constructs')}, node ${process.version}; pack: AwsSolutions (verbose)`);

let tmpOut = '';
if (!outdir) {
  tmpOut = fs.mkdtempSync(path.join(os.tmpdir(), 'sparkgen-cdk-nag.'));
  outdir = tmpOut;
  process.on('exit', () => fs.rmSync(tmpOut, { recursive: true, force: true }));
}

const oneLine = (s) => String(s).replace(/\s+/g, ' ').trim();
const levelOf = (l) => String(l).toLowerCase(); // NagMessageLevel: 'Error' | 'Warning' | 'Info'
const idWithFinding = (ruleId, findingId) => (findingId ? `${ruleId}[${findingId}]` : ruleId);
const NAG_PREFIX = /^(AwsSolutions-|CdkNagValidationFailure)/;

// A logger handed to the pack: sees every result with its CfnResource, the rule, the finding and,
// for suppressed ones, the reason.
class Collector {
  constructor() { this.findings = []; this.suppressed = []; }
  onCompliance() {}
  onNotApplicable() {}
  onNonCompliance(d) {
    this.findings.push({ res: d.resource, rule: idWithFinding(d.ruleId, d.findingId), level: levelOf(d.ruleLevel),
      message: `${oneLine(d.ruleInfo)} ${oneLine(d.ruleExplanation)}` });
  }
  onError(d) { // the rule threw (typically on an intrinsic it cannot follow); cdk-nag warns
    this.findings.push({ res: d.resource, rule: `CdkNagValidationFailure[${d.ruleId}]`, level: 'warning',
      message: `${d.ruleId} could not be evaluated: ${oneLine(d.errorMessage)}` });
  }
  onSuppressed(d) {
    this.suppressed.push({ res: d.resource, ruleId: d.ruleId, rule: idWithFinding(d.ruleId, d.findingId),
      level: levelOf(d.ruleLevel), reason: oneLine(d.suppressionReason) });
  }
  onSuppressedError(d) {
    this.suppressed.push({ res: d.resource, ruleId: 'CdkNagValidationFailure', rule: `CdkNagValidationFailure[${d.ruleId}]`,
      level: 'warning', reason: oneLine(d.errorSuppressionReason) });
  }
}

function check(t, index) {
  const lines = [];
  const out = (s) => lines.push(s);
  let failed = false;
  const fail = (what) => { failed = true; out(`  ${what}`); };
  const app = new cdk.App({ outdir: path.join(outdir, `${index + 1}-${path.basename(path.dirname(path.dirname(path.resolve(t.file))))}`) });
  const stack = new cdk.Stack(app, 'SparkgenTemplate', {
    analyticsReporting: false,
    synthesizer: new cdk.DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
  });
  const stop = (what) => { fail(what); out(`  FAIL  ${t.label}`); return { failed, lines }; };
  let include;
  try {
    if (!fs.statSync(t.file).isFile()) return stop(`read-error  ${t.label}  ${t.file} is not a file`);
  } catch (e) {
    return stop(`read-error  ${t.label}  ${oneLine(e.message)}`);
  }
  try {
    include = new CfnInclude(stack, 'Template', { templateFile: t.file });
  } catch (e) {
    return stop(`cfn-include-error  ${t.label}  CfnInclude rejected the template: ${oneLine(e.message)}`);
  }
  const tpl = include.template; // the parsed template CfnInclude read (for the metadata notes)
  const collector = new Collector();
  cdk.Aspects.of(app).add(new nag.AwsSolutionsChecks({
    verbose: true,
    logIgnores: true, // suppressed findings also become info annotations in the assembly
    reports: true, // and the CSV report (AwsSolutions-<stack>-NagReport.csv) in --outdir
    additionalLoggers: [collector],
  }));
  let assembly;
  try {
    assembly = app.synth();
  } catch (e) {
    return stop(`synth-error  ${t.label}  ${oneLine(e.message)}`);
  }
  const logicalId = (res) => stack.resolve(res.logicalId);
  for (const f of collector.findings) {
    out(`  finding     ${t.label}  ${logicalId(f.res)}  ${f.rule}  ${f.level}  ${f.message}`);
  }
  if (collector.findings.length) failed = true;
  for (const s of collector.suppressed) {
    out(`  suppressed  ${t.label}  ${logicalId(s.res)}  ${s.rule}  ${s.level}  reason: "${s.reason}"`);
  }

  // Cross-check with what cdk-nag left in the assembly: every error or warning it annotated must
  // be one the collector saw. Other annotations (from the CDK itself) are shown; errors fail.
  const messages = assembly.getStackArtifact(stack.artifactId).messages;
  const nagAnnotated = messages.filter((m) => (m.level === 'error' || m.level === 'warning') &&
    NAG_PREFIX.test(String(m.entry.data)));
  if (nagAnnotated.length !== collector.findings.length) {
    fail(`internal  ${t.label}  cdk-nag annotated ${nagAnnotated.length} error(s)/warning(s) but the logger saw ` +
      `${collector.findings.length}; the annotations:`);
    for (const m of nagAnnotated) out(`      ${m.level}  ${m.id}  ${oneLine(m.entry.data)}`);
  }
  for (const m of messages) {
    const data = oneLine(m.entry.data);
    if (NAG_PREFIX.test(data) || data.startsWith('CdkNagSuppression')) continue;
    if (m.level === 'error') fail(`cdk-error  ${t.label}  ${m.id}  ${data}`);
    else out(`  cdk-${m.level}  ${t.label}  ${m.id}  ${data}`);
  }

  // Notes for the reviewer: suppressions that matched nothing, and a template-level block.
  const resources = (tpl && tpl.Resources) || {};
  for (const [id, r] of Object.entries(resources)) {
    const wanted = (((r || {}).Metadata || {}).cdk_nag || {}).rules_to_suppress;
    for (const s of Array.isArray(wanted) ? wanted : []) {
      const used = collector.suppressed.some((u) => logicalId(u.res) === id && u.ruleId === (s || {}).id);
      if (!used) out(`  unused      ${t.label}  ${id}  ${(s || {}).id}  suppression matched no finding (reason: "${oneLine((s || {}).reason)}")`);
    }
  }
  if (tpl && tpl.Metadata && tpl.Metadata.cdk_nag) {
    out(`  note        ${t.label}  template-level Metadata.cdk_nag is not read (CfnInclude does not hand it to ` +
      'cdk-nag): put each suppression on its resource');
  }
  const nSup = collector.suppressed.length;
  const nErr = collector.findings.filter((f) => f.level === 'error').length;
  const nWarn = collector.findings.length - nErr;
  out(`  ${failed ? 'FAIL' : 'PASS'}  ${t.label}  (${nErr} error(s), ${nWarn} warning(s) unsuppressed; ${nSup} suppressed)`);
  return { failed, lines };
}

let nFailed = 0;
templates.forEach((t, i) => {
  let r;
  try {
    r = check(t, i);
  } catch (e) { // a bug here, or in the libraries: fail this template, go on with the others
    r = { failed: true, lines: [`  internal  ${t.label}  ${oneLine(e.stack || e.message)}`, `  FAIL  ${t.label}`] };
  }
  console.log(`== ${t.label}  (${t.file})`);
  for (const l of r.lines) console.log(l);
  if (r.failed) nFailed++;
  if (resultsFile) fs.appendFileSync(resultsFile, `${t.label}|${r.failed ? 'FAIL' : 'PASS'}\n`);
});
process.exitCode = nFailed ? 1 : 0;
