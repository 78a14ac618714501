import { describe, expect, it } from 'vitest';
import { tabwrite } from '../../../src/printers/describe/tab-writer.js';
import { PrefixWriter } from '../../../src/printers/describe/prefix-writer.js';

// Go text/tabwriter with kubectl describe's settings (minwidth 0, padding 2, ' '), as
// describe.go tabbedString uses it.
describe('describe tabwriter (text/tabwriter, padding 2)', () => {
  it('pads a column to its widest cell + 2; the text after the last tab is not padded', () => {
    expect(tabwrite('Name:\tweb\nNamespace:\tdefault\n')).toBe('Name:       web\nNamespace:  default\n');
  });

  it('a line without a tab ends the column block (each block aligned on its own)', () => {
    expect(tabwrite('Name:\ta\nPod Template:\n  Labels:\tapp=web\n  Containers:\n    Image:\tx\n  Volumes:\t<none>\n')).toBe(
      'Name:  a\nPod Template:\n  Labels:  app=web\n  Containers:\n    Image:  x\n  Volumes:  <none>\n',
    );
  });

  it('a column block spans lines with more cells: the Deployment Conditions table is widened by OldReplicaSets:', () => {
    const text = 'Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n  Available \tTrue\tMinimumReplicasAvailable\nOldReplicaSets:\t<none>\nNewReplicaSet:\tweb-1 (3/3 replicas created)\n';
    expect(tabwrite(text)).toBe(
      [
        'Conditions:',
        '  Type           Status  Reason',
        '  ----           ------  ------',
        '  Available      True    MinimumReplicasAvailable',
        'OldReplicaSets:  <none>',
        'NewReplicaSet:   web-1 (3/3 replicas created)',
        '',
      ].join('\n'),
    );
  });

  it('empty cells are padded too (continuation lines of Labels), and widths count runes', () => {
    expect(tabwrite('Labels:\ta=b\n\tc=d\nÄnnotätiöns:\t<none>\n')).toBe('Labels:       a=b\n              c=d\nÄnnotätiöns:  <none>\n');
  });

  it('the last line is written without a newline when the text does not end in one', () => {
    expect(tabwrite('a:\tb\nlonger:\tc')).toBe('a:       b\nlonger:  c');
  });

  it('PrefixWriter indents two spaces per level', () => {
    const w = new PrefixWriter();
    w.write(0, 'Name:\tx\n');
    w.write(2, 'Image:\ty\n');
    w.writeLine('plain');
    expect(w.toString()).toBe('Name:       x\n    Image:  y\nplain\n');
  });
});
