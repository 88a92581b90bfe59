#!/usr/bin/env node
/**
 * Extracts the extension's user-facing strings into its English source
 * catalog, and checks that the catalogs are current.
 *
 *   node scripts/messages/extract.js            write jupyterlab_autopilot/locale/jupyterlab_autopilot.pot
 *   node scripts/messages/extract.js --check    fail (exit 1) when the .pot is stale, or when a
 *                                               translation misses a msgid, keeps a stale one, has the
 *                                               wrong number of forms or other placeholders
 *
 * Options: --root <dir> (the project), --pot <file>, --catalog <file> (repeatable; by default every
 * locale/<locale>/LC_MESSAGES/jupyterlab_autopilot.json).
 *
 * Every `trans.__(msgid, …)`, `trans._n(singular, plural, n, …)`, `trans._p(context, msgid, …)`
 * and `trans._np(context, singular, plural, n, …)` call in src/**\/*.ts(x), tests excluded, is
 * read with the TypeScript compiler: the receiver is any expression whose name ends in `trans`
 * (`trans`, `this._trans`, `props.trans`). The msgid arguments must be string literals, possibly
 * concatenated with `+` or chosen with `?:`; anything else is reported, since it cannot be
 * translated as written.
 *
 * The settings schemas (schema/*.json) are read too: the strings JupyterLab's server translates
 * when it serves a schema (jupyterlab_server's `translate_schema`: titles, descriptions, the
 * setting-icon label, menu and toolbar labels, and the schema's own
 * `jupyter.lab.internationalization` selectors), each under the gettext context the server asks
 * for. A schema with such strings must name this domain in that block.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const DOMAIN = 'jupyterlab_autopilot';
const CONTEXT_DELIMITER = '\u0004';

/** The arguments that are msgids, per method: [context, singular, plural] positions. */
const METHODS = {
  __: { singular: 0 },
  gettext: { singular: 0 },
  _n: { singular: 0, plural: 1 },
  ngettext: { singular: 0, plural: 1 },
  _p: { context: 0, singular: 1 },
  pgettext: { context: 0, singular: 1 },
  _np: { context: 0, singular: 1, plural: 2 },
  npgettext: { context: 0, singular: 1, plural: 2 }
};

function loadTypeScript(root) {
  return require(require.resolve('typescript', { paths: [root, __dirname] }));
}

/** The source files to scan, sorted, relative to `root` with forward slashes. */
function sourceFiles(root) {
  const out = [];
  const walk = dir => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '__tests__' && entry.name !== 'node_modules') {
          walk(full);
        }
      } else if (
        /\.tsx?$/.test(entry.name) &&
        !/\.d\.ts$/.test(entry.name) &&
        !/\.(spec|test)\.tsx?$/.test(entry.name)
      ) {
        out.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  };
  walk(path.join(root, 'src'));
  return out.sort();
}

/**
 * The strings an expression can evaluate to, or null when it is not made of
 * string literals only.
 */
function literalValues(ts, node) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
    return [node.text];
  }
  if (ts.isParenthesizedExpression(node)) {
    return literalValues(ts, node.expression);
  }
  if (ts.isConditionalExpression(node)) {
    const a = literalValues(ts, node.whenTrue);
    const b = literalValues(ts, node.whenFalse);
    return a && b ? [...a, ...b] : null;
  }
  if (
    ts.isBinaryExpression(node) &&
    node.operatorToken.kind === ts.SyntaxKind.PlusToken
  ) {
    const a = literalValues(ts, node.left);
    const b = literalValues(ts, node.right);
    if (!a || !b) {
      return null;
    }
    return a.flatMap(x => b.map(y => x + y));
  }
  return null;
}

function receiverName(ts, node) {
  if (ts.isIdentifier(node)) {
    return node.text;
  }
  if (ts.isPropertyAccessExpression(node)) {
    return node.name.text;
  }
  return '';
}

/**
 * Every message of the sources: `{ messages, problems }`, where messages are
 * `{ context, msgid, plural, refs }` in order of first appearance.
 */
function extract(root) {
  const ts = loadTypeScript(root);
  const byKey = new Map();
  const problems = [];
  for (const file of sourceFiles(root)) {
    const text = fs.readFileSync(path.join(root, file), 'utf-8');
    const source = ts.createSourceFile(
      file,
      text,
      ts.ScriptTarget.Latest,
      true,
      file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
    );
    const visit = node => {
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        Object.prototype.hasOwnProperty.call(
          METHODS,
          node.expression.name.text
        ) &&
        /trans$/i.test(receiverName(ts, node.expression.expression))
      ) {
        const method = node.expression.name.text;
        const spec = METHODS[method];
        const line =
          source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        // The .pot names files, not lines, so that editing code around a
        // message does not make the catalog stale; problems name the line.
        const ref = file;
        const where = `${file}:${line}`;
        const arg = index => {
          const expr = node.arguments[index];
          const values = expr ? literalValues(ts, expr) : null;
          if (!values) {
            problems.push(
              `${where}: ${method}() argument ${index + 1} is not a string literal` +
                (expr ? ` (${expr.getText(source)})` : '')
            );
          }
          return values;
        };
        const contexts = spec.context === undefined ? [''] : arg(spec.context);
        const singulars = arg(spec.singular);
        const plurals = spec.plural === undefined ? [null] : arg(spec.plural);
        if (contexts && singulars && plurals) {
          if (singulars.length > 1 && plurals[0] !== null) {
            problems.push(
              `${where}: ${method}() chooses its msgid with ?:, write two calls`
            );
          } else {
            for (const context of contexts) {
              for (const msgid of singulars) {
                const plural = plurals[0];
                const key = messageKey(context, msgid);
                const known = byKey.get(key);
                if (known) {
                  if (known.plural !== plural) {
                    problems.push(
                      `${where}: "${msgid}" is used both with and without a plural form, or with two plural forms`
                    );
                  }
                  if (!known.refs.includes(ref)) {
                    known.refs.push(ref);
                  }
                } else {
                  byKey.set(key, { context, msgid, plural, refs: [ref] });
                }
              }
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  extractSchemas(root, byKey, problems);
  return { messages: [...byKey.values()], problems };
}

/**
 * jupyterlab_server's DEFAULT_SCHEMA_SELECTORS, in its order: which strings of
 * a schema it translates, and the gettext context of each.
 */
const SCHEMA_SELECTORS = [
  ['properties/.*/title', 'settings'],
  ['properties/.*/description', 'settings'],
  ['definitions/.*/properties/.*/title', 'settings'],
  ['definitions/.*/properties/.*/description', 'settings'],
  ['title', 'schema'],
  ['description', 'schema'],
  ['jupyter\\.lab\\.setting-icon-label', 'settings'],
  ['jupyter\\.lab\\.menus/.*/label', 'menu'],
  ['jupyter\\.lab\\.toolbars/.*/label', 'toolbar']
];
const SCHEMA_I18N = 'jupyter.lab.internationalization';

/**
 * The selectors of one schema as the server builds them: its own selectors
 * come after the defaults and take the context "schema", also where one
 * repeats a default (a Python dict keeps the key's place, not its value).
 */
function schemaSelectors(schema) {
  const contexts = new Map(SCHEMA_SELECTORS);
  for (const selector of schema[SCHEMA_I18N]?.selectors ?? []) {
    contexts.set(selector, 'schema');
  }
  return [...contexts].map(([selector, context]) => [
    new RegExp(`^/${selector}$`),
    context
  ]);
}

/** `{ context, msgid, where }` for every string the server translates in `schema`. */
function schemaStrings(schema) {
  const selectors = schemaSelectors(schema);
  const out = [];
  const walk = (value, prefix) => {
    for (const [key, item] of Object.entries(value)) {
      const where = `${prefix}/${key}`;
      if (typeof item === 'string') {
        const match = selectors.find(([pattern]) => pattern.test(where));
        if (match) {
          out.push({ context: match[1], msgid: item, where });
        }
      } else if (Array.isArray(item)) {
        item.forEach((element, i) => {
          if (
            element &&
            typeof element === 'object' &&
            !Array.isArray(element)
          ) {
            walk(element, `${where}[${i}]`);
          }
        });
      } else if (item && typeof item === 'object') {
        walk(item, where);
      }
    }
  };
  walk(schema, '');
  return out;
}

/** The settings schemas' messages, added to `byKey`; problems for schemas that cannot be translated. */
function extractSchemas(root, byKey, problems) {
  const dir = path.join(root, 'schema');
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter(f => f.endsWith('.json'))
        .sort()
    : [];
  for (const name of files) {
    const ref = `schema/${name}`;
    const schema = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf-8'));
    const strings = schemaStrings(schema);
    if (strings.length === 0) {
      continue;
    }
    if (schema[SCHEMA_I18N]?.domain !== DOMAIN) {
      problems.push(
        `${ref}: its titles and descriptions are shown to users, so it needs "${SCHEMA_I18N}": {"selectors": [...], "domain": "${DOMAIN}"}`
      );
      continue;
    }
    for (const { context, msgid } of strings) {
      const key = messageKey(context, msgid);
      const known = byKey.get(key);
      if (known) {
        if (!known.refs.includes(ref)) {
          known.refs.push(ref);
        }
      } else {
        byKey.set(key, { context, msgid, plural: null, refs: [ref] });
      }
    }
  }
}

function messageKey(context, msgid) {
  return context ? context + CONTEXT_DELIMITER + msgid : msgid;
}

function poString(value) {
  const escaped = value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n');
  return `"${escaped}"`;
}

/** The .pot text: deterministic (no dates), so `--check` can compare it. */
function renderPot(messages) {
  const lines = [
    `# English source catalog of the ${DOMAIN} translation domain.`,
    '# Generated by scripts/messages/extract.js from src/**/*.ts(x) and schema/*.json; do not edit.',
    '#',
    '#, fuzzy',
    'msgid ""',
    'msgstr ""',
    `"Project-Id-Version: ${DOMAIN}\\n"`,
    '"MIME-Version: 1.0\\n"',
    '"Content-Type: text/plain; charset=UTF-8\\n"',
    '"Content-Transfer-Encoding: 8bit\\n"',
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
    ''
  ];
  for (const m of messages) {
    for (const ref of m.refs) {
      lines.push(`#: ${ref}`);
    }
    if (m.context) {
      lines.push(`msgctxt ${poString(m.context)}`);
    }
    lines.push(`msgid ${poString(m.msgid)}`);
    if (m.plural !== null) {
      lines.push(`msgid_plural ${poString(m.plural)}`);
      lines.push('msgstr[0] ""', 'msgstr[1] ""');
    } else {
      lines.push('msgstr ""');
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** The placeholders (%1, %2, …) of a string, sorted and without repeats. */
function placeholders(text) {
  const found = new Set();
  for (const match of text.replace(/%%/g, '').matchAll(/%(\d+)/g)) {
    found.add(`%${match[1]}`);
  }
  return [...found].sort();
}

/** What is wrong with a Jed-format catalog (`{"": header, key: [forms]}`). */
function checkCatalog(messages, catalog, name) {
  const problems = [];
  const header = catalog[''];
  if (!header || header.domain !== DOMAIN) {
    problems.push(`${name}: the "" header must have domain "${DOMAIN}"`);
  }
  if (!header || !header.language || !header.plural_forms) {
    problems.push(
      `${name}: the "" header must have "language" and "plural_forms"`
    );
  } else if (/_/.test(header.language)) {
    // JupyterLab looks messages up under its locale with a hyphen (ko-KR), then the language (ko).
    problems.push(
      `${name}: "language" must be written with a hyphen, like ko-KR, not ${header.language}`
    );
  }
  const expected = new Map(
    messages.map(m => [messageKey(m.context, m.msgid), m])
  );
  for (const [key, m] of expected) {
    const label = JSON.stringify(m.msgid);
    if (!Object.prototype.hasOwnProperty.call(catalog, key)) {
      problems.push(`${name}: missing ${label}`);
      continue;
    }
    const forms = catalog[key];
    if (
      !Array.isArray(forms) ||
      forms.some(f => typeof f !== 'string' || f.trim() === '')
    ) {
      problems.push(
        `${name}: ${label} must map to an array of non-empty strings`
      );
      continue;
    }
    // JupyterLab's gettext uses a plural entry only if it has more than one
    // form, and a singular entry only if it has exactly one.
    if (m.plural === null && forms.length !== 1) {
      problems.push(`${name}: ${label} is singular and needs exactly one form`);
    }
    if (m.plural !== null && forms.length < 2) {
      problems.push(
        `${name}: ${label} is plural and needs at least two forms (repeat the form if the language has one)`
      );
    }
    const want = placeholders(m.msgid + ' ' + (m.plural ?? ''));
    for (const form of forms) {
      const have = placeholders(form);
      if (have.join() !== want.join()) {
        problems.push(
          `${name}: ${label} has placeholders [${have}] in ${JSON.stringify(form)}, expected [${want}]`
        );
      }
    }
  }
  for (const key of Object.keys(catalog)) {
    if (key !== '' && !expected.has(key)) {
      problems.push(
        `${name}: stale ${JSON.stringify(key)} is no longer in the sources`
      );
    }
  }
  return problems;
}

function defaultCatalogs(root) {
  const locale = path.join(root, DOMAIN, 'locale');
  if (!fs.existsSync(locale)) {
    return [];
  }
  return fs
    .readdirSync(locale, { withFileTypes: true })
    .filter(e => e.isDirectory())
    .map(e => path.join(locale, e.name, 'LC_MESSAGES', `${DOMAIN}.json`))
    .filter(f => fs.existsSync(f))
    .sort();
}

function parseArgs(argv) {
  const options = {
    check: false,
    root: path.resolve(__dirname, '../..'),
    pot: null,
    catalogs: []
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') {
      options.check = true;
    } else if (a === '--root') {
      options.root = path.resolve(argv[++i]);
    } else if (a === '--pot') {
      options.pot = path.resolve(argv[++i]);
    } else if (a === '--catalog') {
      options.catalogs.push(path.resolve(argv[++i]));
    } else {
      throw new Error(`unknown argument ${a}`);
    }
  }
  options.pot =
    options.pot ?? path.join(options.root, DOMAIN, 'locale', `${DOMAIN}.pot`);
  if (options.catalogs.length === 0) {
    options.catalogs = defaultCatalogs(options.root);
  }
  return options;
}

function main(argv) {
  const options = parseArgs(argv);
  const { messages, problems } = extract(options.root);
  const pot = renderPot(messages);
  const rel = f => path.relative(options.root, f);
  if (options.check) {
    const current = fs.existsSync(options.pot)
      ? fs.readFileSync(options.pot, 'utf-8')
      : null;
    if (current !== pot) {
      problems.push(
        `${rel(options.pot)} is not current: run node scripts/messages/extract.js`
      );
    }
    for (const file of options.catalogs) {
      const catalog = JSON.parse(fs.readFileSync(file, 'utf-8'));
      problems.push(...checkCatalog(messages, catalog, rel(file)));
    }
  } else {
    fs.mkdirSync(path.dirname(options.pot), { recursive: true });
    fs.writeFileSync(options.pot, pot);
  }
  const plural = messages.filter(m => m.plural !== null).length;
  const summary = `${messages.length} msgids (${plural} plural)`;
  if (problems.length > 0) {
    for (const p of problems) {
      console.error(p);
    }
    console.error(`${problems.length} problem(s); ${summary}`);
    return 1;
  }
  console.log(
    options.check
      ? `catalogs are current: ${summary}, ${options.catalogs.map(rel).join(', ') || 'no translations'}`
      : `wrote ${rel(options.pot)}: ${summary}`
  );
  return 0;
}

module.exports = {
  extract,
  renderPot,
  checkCatalog,
  placeholders,
  schemaStrings,
  DOMAIN
};

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
