// Turns an example into a module that checks its own claims.
//
// `expr // => claim` becomes `__doc.claim(n, (expr))`, which compares the value
// the moment it is computed; `expr // throws` becomes `__doc.throws(n, () => expr)`.
// Everything is rewritten in place, so line numbers of the example stay as written.
import ts from "typescript"
import { parseClaim, type Pattern } from "./claims.js"

/** One checkable claim of an example. */
export interface Claim {
  /** 0-based line in the example. */
  readonly line: number
  readonly kind: "value" | "throws"
  readonly text: string
  /** For a value claim: the parsed pattern. */
  readonly pattern: Pattern | undefined
}

/** What is wrong with an example before it runs. */
export interface StaticProblem {
  readonly line: number
  readonly message: string
}

/** An example ready to run: TypeScript with the claims wired to `__doc`. */
export interface InstrumentedExample {
  readonly claims: ReadonlyArray<Claim>
  readonly problems: ReadonlyArray<StaticProblem>
  readonly code: string
  /** Names the example uses without declaring or importing them. */
  readonly freeNames: ReadonlySet<string>
}

interface CommentAt {
  readonly pos: number
  readonly end: number
  readonly text: string
  readonly line: number
  /** Nothing but whitespace before it on its line. */
  readonly ownLine: boolean
}

const commentsOf = (source: ts.SourceFile): Array<CommentAt> => {
  const text = source.text
  const seen = new Map<number, CommentAt>()
  const collect = (ranges: ReadonlyArray<ts.CommentRange> | undefined) => {
    for (const r of ranges ?? []) {
      if (r.kind !== ts.SyntaxKind.SingleLineCommentTrivia || seen.has(r.pos)) continue
      const { line, character } = source.getLineAndCharacterOfPosition(r.pos)
      const lineStart = r.pos - character
      seen.set(r.pos, { pos: r.pos, end: r.end, text: text.slice(r.pos, r.end), line, ownLine: text.slice(lineStart, r.pos).trim() === "" })
    }
  }
  const visit = (node: ts.Node): void => {
    if (node.getChildCount(source) === 0) {
      collect(ts.getLeadingCommentRanges(text, node.pos))
      collect(ts.getTrailingCommentRanges(text, node.end))
    }
    for (const child of node.getChildren(source)) visit(child)
  }
  visit(source)
  return [...seen.values()].sort((a, b) => a.pos - b.pos)
}

const claimStart = /^\/\/\s*=>/
const throwsStart = /^\/\/\s*throws\b/

type Anchor = ts.ExpressionStatement | ts.VariableStatement

/** The statement a claim at `pos` speaks of: the innermost one ending last before it, with only blanks and `;` between. */
const anchorOf = (source: ts.SourceFile, pos: number): Anchor | undefined => {
  let best: Anchor | undefined
  // Where the statement's code ends, before a `;` that may sit on the next line (`;(await x).y`).
  const codeEnd = (node: Anchor): number => (ts.isExpressionStatement(node) ? node.expression.end : node.declarationList.end)
  const visit = (node: ts.Node): void => {
    if ((ts.isExpressionStatement(node) || ts.isVariableStatement(node)) && codeEnd(node) <= pos && /^[\s;]*$/.test(source.text.slice(codeEnd(node), pos).replace(/\/\/[^\n]*/g, ""))) {
      if (best === undefined || codeEnd(node) > codeEnd(best) || (codeEnd(node) === codeEnd(best) && node.getStart(source) >= best.getStart(source))) best = node
    }
    if (node.pos <= pos) ts.forEachChild(node, visit)
  }
  visit(source)
  return best
}

const containsAwait = (node: ts.Node): boolean => {
  let found = false
  const visit = (n: ts.Node): void => {
    if (found || ts.isFunctionLike(n)) return
    if (ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier !== undefined)) found = true
    else ts.forEachChild(n, visit)
  }
  visit(node)
  return found
}

/** Top-level names an example declares or imports. */
const declaredNames = (source: ts.SourceFile): Set<string> => {
  const names = new Set<string>()
  const bind = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text)
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bind(element.name)
  }
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause
      if (clause?.name) names.add(clause.name.text)
      const bindings = clause?.namedBindings
      if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text)
      if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) names.add(e.name.text)
    } else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) bind(d.name)
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
      names.add(statement.name.text)
    }
  }
  return names
}

/** Identifiers used as values (not property names, not types) that the example does not declare at its top level. */
const freeNamesOf = (source: ts.SourceFile): Set<string> => {
  const declared = declaredNames(source)
  const used = new Set<string>()
  const visit = (node: ts.Node): void => {
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isImportDeclaration(node)) return
    if (ts.isIdentifier(node)) {
      const parent = node.parent
      const isPropertyName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node) ||
        (ts.isMethodDeclaration(parent) && parent.name === node) ||
        (ts.isPropertyDeclaration(parent) && parent.name === node)
      if (!isPropertyName && !declared.has(node.text)) used.add(node.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return used
}

/**
 * Reads the claims of an example and rewrites it so that running it checks
 * them. Claims that cannot be read or tied to an expression are problems.
 */
export const instrument = (code: string): InstrumentedExample => {
  const source = ts.createSourceFile("example.ts", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const problems: Array<StaticProblem> = []
  const syntax = (source as unknown as { readonly parseDiagnostics: ReadonlyArray<ts.Diagnostic> }).parseDiagnostics
  for (const d of syntax) {
    problems.push({ line: source.getLineAndCharacterOfPosition(d.start ?? 0).line, message: `not valid TypeScript: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}` })
  }
  const comments = commentsOf(source)
  const claims: Array<Claim> = []
  const edits: Array<{ start: number; end: number; text: string }> = []

  for (let c = 0; c < comments.length; c++) {
    const comment = comments[c]!
    const isValue = claimStart.test(comment.text)
    const isThrows = !isValue && throwsStart.test(comment.text)
    if (!isValue && !isThrows) continue
    let text = isValue ? comment.text.replace(claimStart, "") : ""
    if (isValue) {
      // A claim may go on over the comment lines below it, until it reads whole.
      let parsed = parseClaim(text)
      let next = c + 1
      while (!parsed.ok && parsed.incomplete) {
        const more = comments[next]
        if (more === undefined || !more.ownLine || more.line !== comments[next - 1]!.line + 1 || claimStart.test(more.text)) break
        text += " " + more.text.replace(/^\/\/\s*/, "")
        parsed = parseClaim(text)
        next++
      }
      if (!parsed.ok) {
        problems.push({ line: comment.line, message: `the claim "${text.trim().slice(0, 80)}" cannot be checked: ${parsed.reason}` })
        continue
      }
      c = next - 1
      const anchor = anchorOf(source, comment.pos)
      if (anchor === undefined) {
        problems.push({ line: comment.line, message: "a claim that follows no expression" })
        continue
      }
      let target: ts.Expression | undefined
      if (ts.isExpressionStatement(anchor)) {
        const e = anchor.expression
        // `console.log(x) // => v` claims what is printed.
        const printsOne =
          ts.isCallExpression(e) && e.arguments.length === 1 && ts.isPropertyAccessExpression(e.expression) && e.expression.getText(source) === "console.log"
        target = printsOne ? e.arguments[0]! : e
      } else {
        const declarations = anchor.declarationList.declarations
        target = declarations.length === 1 ? declarations[0]!.initializer : undefined
      }
      if (target === undefined) {
        problems.push({ line: comment.line, message: "a claim on a declaration must follow exactly one initialized variable" })
        continue
      }
      const index = claims.length
      claims.push({ line: comment.line, kind: "value", text: text.trim(), pattern: parsed.pattern })
      edits.push({ start: target.getStart(source), end: target.end, text: `__doc.claim(${index}, (${target.getText(source)}))` })
    } else {
      const anchor = anchorOf(source, comment.pos)
      if (anchor === undefined || !ts.isExpressionStatement(anchor)) {
        problems.push({ line: comment.line, message: "`// throws` must follow an expression statement" })
        continue
      }
      const e = anchor.expression
      const index = claims.length
      claims.push({ line: comment.line, kind: "throws", text: comment.text.replace(throwsStart, "").replace(/^:\s*/, "").trim(), pattern: undefined })
      edits.push({
        start: e.getStart(source),
        end: e.end,
        text: containsAwait(e) ? `await __doc.rejects(${index}, async () => (${e.getText(source)}))` : `__doc.throws(${index}, () => (${e.getText(source)}))`
      })
    }
  }

  let out = code
  for (const edit of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end)
  return { claims, problems, code: out, freeNames: freeNamesOf(source) }
}
