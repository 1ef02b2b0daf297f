// A package owns error codes without editing @baton/core: the fixture calls defineErrorCodes and throws a BatonError
// with its own code, and the docs check picks it up only when the doc has its section.
import { describe, expect, it } from 'vitest';
import { BatonError, registeredErrorCodes } from '../../packages/core/dist/index.js';
import { errorCodeDocProblems } from './errorCodeDocProblems.js';
import { AcmeWidgetsErrorCode, turnWidget } from './fixtures/acmeWidgets.js';

const table = (owner: string, codes: string[]) =>
  [
    `## ${owner}`,
    '',
    '| Code | Description | How to solve | Since |',
    '| --- | --- | --- | --- |',
    ...codes.map((code) => `| ${code} | d | h | 0.1.0 |`),
    '',
  ].join('\n');
const acme = () => new Map([['@acme/widgets', registeredErrorCodes().get('@acme/widgets')!]]);
const outsideWorkspace = new Set<string>();

describe('a package with error codes of its own', () => {
  it('should throw a BatonError with its code', () => {
    let thrown: unknown;
    try {
      turnWidget('w-1');
    } catch (error) {
      thrown = error;
    }

    expect(BatonError.is(thrown, AcmeWidgetsErrorCode.WidgetJammed)).toBe(true);
    expect(thrown).toMatchObject({
      code: 'BATON_ERR_ACME_WIDGET_JAMMED',
      message: "Widget 'w-1' is jammed. Free it and turn it again. (BATON_ERR_ACME_WIDGET_JAMMED)",
    });
  });

  it('should be in the registry under its own name', () => {
    expect(registeredErrorCodes().get('@acme/widgets')).toStrictEqual(['BATON_ERR_ACME_WIDGET_JAMMED', 'BATON_ERR_ACME_WIDGET_MISSING']);
  });

  describe('when the doc has its section', () => {
    it('should pass when the section lists exactly its codes', () => {
      const doc = table('@acme/widgets', ['BATON_ERR_ACME_WIDGET_JAMMED', 'BATON_ERR_ACME_WIDGET_MISSING']);

      expect(errorCodeDocProblems(doc, acme(), outsideWorkspace)).toStrictEqual([]);
    });

    it('should report a code without a row and a row without a code', () => {
      const doc = table('@acme/widgets', ['BATON_ERR_ACME_WIDGET_JAMMED', 'BATON_ERR_ACME_WIDGET_GONE']);

      expect(errorCodeDocProblems(doc, acme(), outsideWorkspace)).toStrictEqual([
        "'## @acme/widgets' lacks a row for BATON_ERR_ACME_WIDGET_MISSING",
        "'## @acme/widgets' documents BATON_ERR_ACME_WIDGET_GONE, which @acme/widgets does not define",
      ]);
    });

    it("should report its code under another package's section", () => {
      const doc = [table('@acme/widgets', ['BATON_ERR_ACME_WIDGET_JAMMED']), table('@baton/core', ['BATON_ERR_ACME_WIDGET_MISSING'])].join('\n');
      const registry = new Map([...acme(), ['@baton/core', ['BATON_ERR_DI_CYCLE']]]);

      expect(errorCodeDocProblems(doc, registry, outsideWorkspace)).toStrictEqual([
        "'## @acme/widgets' lacks a row for BATON_ERR_ACME_WIDGET_MISSING",
        "'## @baton/core' lacks a row for BATON_ERR_DI_CYCLE",
        "'## @baton/core' documents BATON_ERR_ACME_WIDGET_MISSING, which @baton/core does not define",
      ]);
    });
  });

  describe('when the doc has no section for it', () => {
    it('should be left out while it is outside the workspace', () => {
      expect(errorCodeDocProblems(table('@baton/core', []), new Map([...acme(), ['@baton/core', []]]), outsideWorkspace)).toStrictEqual([]);
    });

    it('should be reported once it is a workspace package', () => {
      expect(errorCodeDocProblems('', acme(), new Set(['@acme/widgets']))).toStrictEqual([
        "@acme/widgets defines 2 code(s) but the doc has no '## @acme/widgets' section",
      ]);
    });
  });

  it('should report a section that no package defined, and rows above the first section', () => {
    const doc = ['| BATON_ERR_ACME_WIDGET_JAMMED | d | h | 0.1.0 |', table('@acme/gears', ['BATON_ERR_ACME_GEAR_STUCK'])].join('\n');

    expect(errorCodeDocProblems(doc, acme(), outsideWorkspace)).toStrictEqual([
      "rows above the first '## <package>' section: BATON_ERR_ACME_WIDGET_JAMMED",
      "'## @acme/gears': no package defined codes as '@acme/gears' (is its entry point imported?)",
    ]);
  });
});
