import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../../testing/harness.ts';
import { AUDIT_LABELS, describeAuditEvent, describeLedgerEntry } from './audit-labels.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

interface Collected {
  pairs: Set<string>;
  /** Audit entries written as object literals whose action or resource the types do not pin down. */
  unresolved: string[];
}

/** The string values an expression can take, from its literal text or its type; undefined when not a finite set. */
function valuesOf(expression: ts.Expression, checker: ts.TypeChecker): string[] | undefined {
  if (ts.isStringLiteralLike(expression)) return [expression.text];
  if (ts.isParenthesizedExpression(expression) || ts.isAsExpression(expression)) return valuesOf(expression.expression, checker);
  if (ts.isConditionalExpression(expression)) {
    const [whenTrue, whenFalse] = [valuesOf(expression.whenTrue, checker), valuesOf(expression.whenFalse, checker)];
    return whenTrue && whenFalse ? [...whenTrue, ...whenFalse] : undefined;
  }
  if (ts.isTemplateExpression(expression)) {
    let values = [expression.head.text];
    for (const span of expression.templateSpans) {
      const inner = valuesOf(span.expression, checker);
      if (!inner) return undefined;
      values = values.flatMap((before) => inner.map((value) => `${before}${value}${span.literal.text}`));
    }
    return values;
  }
  const type = checker.getTypeAtLocation(expression);
  const members = type.isUnion() ? type.types : [type];
  return members.every((member) => member.isStringLiteral()) ? members.map((member) => (member as ts.StringLiteralType).value) : undefined;
}

/**
 * Every action+resource pair the server's code can write: object literals holding both (audit
 * entries, route permissions), with values read through their types (a template over a union, a
 * variable of a union type), and the pairs of `INSERT INTO audit_events ... SELECT` statements.
 */
function pairsInCode(): Collected {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error('tsconfig.json could not be read');
  const serverCode = config.fileNames.filter(
    (file) => /\/(admin-api|scripts)\/src\//.test(file) && !file.endsWith('.test.ts') && !file.includes('/testing/') && !file.includes('/bench/'),
  );
  const program = ts.createProgram(serverCode, config.options);
  const checker = program.getTypeChecker();
  const collected: Collected = { pairs: new Set(), unresolved: [] };
  const propertyValue = (literal: ts.ObjectLiteralExpression, name: string) => {
    for (const property of literal.properties) {
      if (ts.isPropertyAssignment(property) && property.name.getText() === name) return property.initializer;
      if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
    }
    return undefined;
  };
  // Rows read back, ledger lines and zod schemas have `action` and `resource` keys too: an entry
  // that cannot be pinned down is a problem only where it is written as an AuditEntry. (Denials
  // take the route's pair, which the caller checks against the route table.)
  const isAuditEntry = (literal: ts.ObjectLiteralExpression) => {
    const contextual = checker.getContextualType(literal);
    return contextual !== undefined && /\bAuditEntry\b/.test(checker.typeToString(contextual));
  };
  const visit = (node: ts.Node, file: ts.SourceFile) => {
    if (ts.isObjectLiteralExpression(node)) {
      const [action, resource] = [propertyValue(node, 'action'), propertyValue(node, 'resource')];
      if (action && resource) {
        const [actions, resources] = [valuesOf(action, checker), valuesOf(resource, checker)];
        if (actions && resources) for (const a of actions) for (const r of resources) collected.pairs.add(`${a} ${r}`);
        else if (isAuditEntry(node)) {
          collected.unresolved.push(`${path.relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
        }
      }
    }
    if (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isStringLiteral(node)) {
      const text = node.getText(file);
      if (/INSERT INTO audit_events\b/i.test(text)) {
        const selected = /INSERT INTO audit_events\b[\s\S]*?\bSELECT\b[^']*'([\w-]+)',\s*'([\w-]+)'/i.exec(text);
        if (selected) collected.pairs.add(`${selected[1]} ${selected[2]}`);
        else collected.unresolved.push(`${path.relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
      }
    }
    ts.forEachChild(node, (child) => visit(child, file));
  };
  for (const file of program.getSourceFiles()) if (serverCode.includes(file.fileName)) visit(file, file);
  return collected;
}

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('the audit labels', () => {
  it(
    'when the API can write an action on a resource (an audit entry, a bulk insert, a denied route), then the one label table words it',
    { timeout: 120_000 },
    () => {
      const collected = pairsInCode();
      // Denied requests are audited with the route's own permission, or `access` on its tag for routes any signed-in staff may call.
      for (const route of [...h.routes, ...h.portalRoutes]) {
        if (typeof route.permission === 'object') collected.pairs.add(`${route.permission.action} ${route.permission.resource}`);
        if (route.permission === 'signed-in') collected.pairs.add(`access ${route.tag}`);
      }
      // Each way of writing a pair is seen: a literal, a template, a union type, a bulk INSERT, a route.
      for (const known of [
        'search patients',
        'sign-in-failure portal-accounts',
        'unlock portal-accounts',
        'expire staff-users',
        'edit patients',
        'access session',
      ]) {
        expect(collected.pairs).toContain(known);
      }
      expect(collected.unresolved, 'audit rows whose action or resource the types do not pin down: use literals or a union of them').toEqual([]);
      const unlabelled = [...collected.pairs].filter((pair) => {
        const [action, resource] = pair.split(' ');
        return !AUDIT_LABELS[resource]?.[action];
      });
      expect(unlabelled, 'add these to AUDIT_LABELS in audit-labels.ts').toEqual([]);
    },
  );

  it('when a row names a patient, then the sentence names them with their MRN; in their own ledger it speaks of this patient', () => {
    const row = { action: 'show', resource: 'portal-accounts', outcome: 'success', patient_name: 'SMITH, Ada', patient_mrn: '10000172' };
    expect(describeAuditEvent(row)).toBe('Viewed the portal account of SMITH, Ada (MRN 10000172)');
    expect(describeLedgerEntry(row)).toBe('Viewed the portal account');
    expect(describeAuditEvent({ action: 'sign-in-failure', resource: 'portal-accounts', outcome: 'failed' })).toBe('Portal: failed sign-in');
    expect(describeAuditEvent({ action: 'redeem', resource: 'activation-codes', outcome: 'success' })).toBe('Portal: activation code redeemed');
    expect(describeAuditEvent({ action: 'search', resource: 'patients', outcome: 'success', listed_count: 12 })).toBe('Searched patients: 12 listed');
    expect(describeAuditEvent({ action: 'show', resource: 'patients', outcome: 'denied', patient_name: 'SMITH, Ada', patient_mrn: '1' })).toBe(
      'Opened the record of SMITH, Ada (MRN 1) — refused',
    );
  });

  it('when a search listed the patient, then their ledger says what was searched for and among how many, naming nobody else', () => {
    const entry = { action: 'search', resource: 'patients', outcome: 'success', listed_among: 12 };
    expect(describeLedgerEntry({ ...entry, searched_for: { name: 'Smi', date_of_birth: '1984-04-07' } })).toBe(
      'Searched for names starting “Smi” and born April 7, 1984: listed among 12 results',
    );
    expect(describeLedgerEntry({ ...entry, listed_among: 1, searched_for: { chosen: 3 } })).toBe('Searched for 3 chosen patients: listed among 1 result');
    expect(describeLedgerEntry({ ...entry, searched_for: {} })).toBe('Browsed the patient list: listed among 12 results');
  });

  it('when an action is in no table, then it still reads as words, with the patient', () => {
    expect(describeAuditEvent({ action: 'sign-in-weird', resource: 'portal-accounts', outcome: 'success', patient_name: 'SMITH, Ada', patient_mrn: '1' })).toBe(
      'Sign in weird (portal accounts) · SMITH, Ada (MRN 1)',
    );
    expect(describeAuditEvent({ action: 'toString', resource: 'constructor', outcome: 'success' })).toBe('ToString (constructor)');
  });
});
