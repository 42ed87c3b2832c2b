/**
 * API reports: the public surface of every package as a reviewable listing, written to
 * `packages/<name>/etc/<name>.api.md` (the path Microsoft API Extractor uses), generated from the source with the
 * TypeScript compiler API.
 *
 *   npm run api            # write the reports
 *   npm run api -- --check # exit 1 if a committed report differs from the source (CI runs this through npm test)
 *
 * A report lists every export of `src/index.ts`: its name, whether it exists at run time (value) or only as a
 * type, the file that declares it, and its declaration without bodies or doc comments. Any change to a package's
 * surface therefore shows up as a diff of its report in review.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** One export of a package. */
export interface ApiEntry {
  readonly name: string;
  /** `function`, `const`, `class`, `interface`, `type`, `enum` or `namespace`. */
  readonly kind: string;
  /** True when the export exists at run time (functions, constants, classes). */
  readonly value: boolean;
  /** Declaring file, relative to the package folder. */
  readonly file: string;
  /** The declaration, printed without bodies and doc comments. */
  readonly declaration: string;
}

/** The surface of one package. */
export interface ApiReport {
  readonly pkg: string;
  readonly entries: readonly ApiEntry[];
  /** Module specifiers re-exported by `src/index.ts` (for the no-`internal/` rule). */
  readonly reexportedFrom: readonly string[];
}

/** Workspace packages that have a `src/index.ts`, sorted. */
export function packageNames(): string[] {
  return readdirSync(join(ROOT, 'packages'))
    .filter((n) => existsSync(join(ROOT, 'packages', n, 'src', 'index.ts')))
    .sort();
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(ROOT, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT);
  return { ...parsed.options, noEmit: true };
}

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed });

function kindOf(decl: ts.Declaration): string {
  if (ts.isFunctionDeclaration(decl)) return 'function';
  if (ts.isVariableDeclaration(decl)) return 'const';
  if (ts.isClassDeclaration(decl)) return 'class';
  if (ts.isInterfaceDeclaration(decl)) return 'interface';
  if (ts.isTypeAliasDeclaration(decl)) return 'type';
  if (ts.isEnumDeclaration(decl)) return 'enum';
  if (ts.isModuleDeclaration(decl)) return 'namespace';
  return ts.SyntaxKind[decl.kind];
}

/** Print a declaration without bodies, initialisers of functions, or doc comments. */
function printDeclaration(decl: ts.Declaration, checker: ts.TypeChecker, name: string): string {
  const sf = decl.getSourceFile();
  if (ts.isFunctionDeclaration(decl)) {
    const bare = ts.factory.updateFunctionDeclaration(
      decl,
      decl.modifiers?.filter((m) => m.kind !== ts.SyntaxKind.ExportKeyword && m.kind !== ts.SyntaxKind.AsyncKeyword),
      decl.asteriskToken,
      decl.name,
      decl.typeParameters,
      decl.parameters,
      decl.type ??
        checker.typeToTypeNode(
          checker.getReturnTypeOfSignature(checker.getSignatureFromDeclaration(decl)!),
          decl,
          ts.NodeBuilderFlags.NoTruncation,
        ),
      undefined,
    );
    return `${printer.printNode(ts.EmitHint.Unspecified, bare, sf)};`;
  }
  if (ts.isVariableDeclaration(decl)) {
    const node =
      decl.type ?? checker.typeToTypeNode(checker.getTypeAtLocation(decl.name), decl, ts.NodeBuilderFlags.NoTruncation);
    const type = node ? printer.printNode(ts.EmitHint.Unspecified, node, sf) : 'unknown';
    return `const ${name}: ${type};`;
  }
  if (ts.isClassDeclaration(decl)) {
    const members = decl.members
      .filter((m) => !(ts.getCombinedModifierFlags(m as ts.Declaration) & ts.ModifierFlags.Private))
      .filter((m) => !(m.name && ts.isPrivateIdentifier(m.name)))
      .map((m) => {
        if (ts.isMethodDeclaration(m))
          return ts.factory.updateMethodDeclaration(
            m,
            m.modifiers,
            m.asteriskToken,
            m.name,
            m.questionToken,
            m.typeParameters,
            m.parameters,
            m.type,
            undefined,
          );
        if (ts.isConstructorDeclaration(m))
          return ts.factory.updateConstructorDeclaration(m, m.modifiers, m.parameters, undefined);
        if (ts.isPropertyDeclaration(m))
          return ts.factory.updatePropertyDeclaration(m, m.modifiers, m.name, m.questionToken, m.type, undefined);
        if (ts.isGetAccessorDeclaration(m))
          return ts.factory.updateGetAccessorDeclaration(m, m.modifiers, m.name, m.parameters, m.type, undefined);
        return m;
      });
    const bare = ts.factory.updateClassDeclaration(
      decl,
      decl.modifiers?.filter((m) => m.kind !== ts.SyntaxKind.ExportKeyword),
      decl.name,
      decl.typeParameters,
      decl.heritageClauses,
      members,
    );
    return printer.printNode(ts.EmitHint.Unspecified, bare, sf);
  }
  if (ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl) || ts.isEnumDeclaration(decl)) {
    const modifiers = decl.modifiers?.filter((m) => m.kind !== ts.SyntaxKind.ExportKeyword);
    const bare = ts.isInterfaceDeclaration(decl)
      ? ts.factory.updateInterfaceDeclaration(
          decl,
          modifiers,
          decl.name,
          decl.typeParameters,
          decl.heritageClauses,
          decl.members,
        )
      : ts.isTypeAliasDeclaration(decl)
        ? ts.factory.updateTypeAliasDeclaration(decl, modifiers, decl.name, decl.typeParameters, decl.type)
        : ts.factory.updateEnumDeclaration(decl, modifiers, decl.name, decl.members);
    return printer.printNode(ts.EmitHint.Unspecified, bare, sf);
  }
  return printer.printNode(ts.EmitHint.Unspecified, decl, sf);
}

/** Build the API reports of the given packages (default: every package) from their source. */
export function buildReports(pkgs: readonly string[] = packageNames()): ApiReport[] {
  const roots = pkgs.map((p) => join(ROOT, 'packages', p, 'src', 'index.ts'));
  const program = ts.createProgram(roots, compilerOptions());
  const checker = program.getTypeChecker();
  return pkgs.map((pkg, k) => {
    const sf = program.getSourceFile(roots[k]);
    if (!sf) throw new Error(`api-report: cannot read ${roots[k]}`);
    const reexportedFrom = sf.statements
      .filter(ts.isExportDeclaration)
      .map((s) => (s.moduleSpecifier as ts.StringLiteral | undefined)?.text ?? '')
      .filter((s) => s !== '');
    const moduleSymbol = checker.getSymbolAtLocation(sf);
    const entries: ApiEntry[] = [];
    for (const sym of moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : []) {
      const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
      const decls = target.declarations ?? [];
      const typeOnly = (sym.declarations ?? []).some(
        (d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly),
      );
      const value = !typeOnly && (target.flags & ts.SymbolFlags.Value) !== 0;
      const printed = decls.map((d) => printDeclaration(d, checker, sym.name));
      entries.push({
        name: sym.name,
        kind: decls.length ? kindOf(decls[0]) : 'unknown',
        value,
        file: decls.length
          ? relative(join(ROOT, 'packages', pkg), decls[0].getSourceFile().fileName).replaceAll('\\', '/')
          : '',
        declaration: [...new Set(printed)].join('\n'),
      });
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { pkg, entries, reexportedFrom };
  });
}

/** The markdown text of one report (deterministic). */
export function renderReport(r: ApiReport): string {
  const values = r.entries.filter((e) => e.value).length;
  const lines = [
    `# API report: @retailkit/${r.pkg}`,
    '',
    `Generated by \`npm run api\` (scripts/api-report.ts) from \`packages/${r.pkg}/src/index.ts\`; do not edit by hand.`,
    `${r.entries.length} exports: ${values} values (exist at run time), ${r.entries.length - values} types only.`,
    '',
    '| export | kind | value | declared in |',
    '| --- | --- | --- | --- |',
    ...r.entries.map((e) => `| \`${e.name}\` | ${e.kind} | ${e.value ? 'yes' : 'type'} | \`${e.file}\` |`),
    '',
    '```ts',
    ...r.entries.map((e) => `// ${e.name}\n${e.declaration}\n`),
    '```',
    '',
  ];
  return lines.join('\n');
}

/** Where the committed report of a package lives. */
export function reportPath(pkg: string): string {
  return join(ROOT, 'packages', pkg, 'etc', `${pkg}.api.md`);
}

function main(): number {
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const r of buildReports()) {
    const file = reportPath(r.pkg);
    const text = renderReport(r);
    const old = existsSync(file) ? readFileSync(file, 'utf8') : null;
    if (old === text) continue;
    if (check) {
      stale++;
      process.stdout.write(`stale: ${relative(ROOT, file)} (run npm run api)\n`);
    } else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      process.stdout.write(`wrote ${relative(ROOT, file)}\n`);
    }
  }
  return stale > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(main());
