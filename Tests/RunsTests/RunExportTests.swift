import Foundation
import Language
import Tables
import Testing

@testable import Runs

/// Every rendering of a run: `mlx show`'s text and the export formats, on a
/// REPL session with a parameter, data, a failed cell, a `:reset`, metrics
/// reported twice and output that is hostile to HTML.
@Suite struct RunExportTests {
    static let utc = TimeZone(identifier: "UTC")!

    /// A recorded session whose machine-dependent fields are pinned.
    static func session() throws -> RunRecord {
        let recorder = RunRecorder(store: nil, start: RunRecorder.Start(kind: .repl, workingDirectory: "/work", mlxVersion: "0.1.0"))
        func cell(_ number: Int, _ source: String, output: String = "", succeeded: Bool = true, events: [InterpreterEvent] = []) {
            recorder.beginCell()
            recorder.capture(output)
            events.forEach(recorder.emit)
            recorder.endCell(number: number, source: source, succeeded: succeeded, valueDigest: nil)
        }
        let schema = ["a", "b", "label"].map { SchemaField(name: $0, type: $0 == "label" ? .categorical : .number) }
        let fingerprint = Fingerprint(sha256: String(repeating: "9c", count: 32), byteCount: 3858, rowCount: 150, schema: schema)
        cell(1, "param c = 0.5", events: [.parameterSet(name: "c", value: .number(0.5), overridden: true)])
        cell(2, "data = load \"data.csv\"", events: [.dataLoaded(path: "data.csv", fingerprint: fingerprint)])
        cell(3, "for i in [1, 2]:\n    print(i)\n", output: "1\n2\n")
        cell(4, "y = nope", output: "cell 4:1:5: error: unknown name 'nope'\n", succeeded: false)
        cell(0, ":reset", output: "all variables and cell values forgotten; numbering goes on at [5]\n")
        cell(5, "accuracy = 0.9", events: [.metric(name: "accuracy", value: 0.9), .metric(name: "n", value: 30)])
        cell(6, "print(\"</script><b>&\\\"\")", output: "</script><b>&\"\n", events: [.metric(name: "accuracy", value: 0.95)])
        recorder.finish(status: .error, exitCode: 3)
        var run = recorder.record
        run.number = 7
        run.contentID = "0123456789abcdef" + String(repeating: "0", count: 48)
        run.startedAt = Date(timeIntervalSince1970: 1_750_000_000)
        run.endedAt = run.startedAt.addingTimeInterval(2.5)
        run.environment = try JSONDecoder().decode(RunEnvironment.self, from: Data(Self.environment.utf8))
        run.git = GitState(commit: String(repeating: "a", count: 40), dirty: true)
        run.models = [RunRecord.Model(cell: 5, estimator: "logistic", object: String(repeating: "6a", count: 32))]
        return run
    }

    static let environment = """
        {"cpuCores":2,"cpuFeatures":["avx2","fma"],"cpuModel":"AMD EPYC","kernelRelease":"6.8.0","mlxVersion":"0.1.0",
        "numeric":{"blasConfiguration":"OpenBLAS 0.3.21 Haswell","blasKernel":"Haswell","blasLibrary":"OpenBLAS 0.3.21","blasThreads":2},
        "operatingSystem":"Debian GNU/Linux 12 (bookworm)"}
        """

    @Test func showReadsLikeTheSession() throws {
        let text = TerminalView.text(try Self.session(), timeZone: Self.utc)
        #expect(
            text == """
                run #7
                  id        0123456789ab
                  from      repl
                  status    error: a syntax or runtime error stopped it (exit 3)
                  started   2025-06-15 15:06:40 +00:00
                  duration  2.50 s

                [1] param c = 0.5

                [2] data = load "data.csv"

                [3] for i in [1, 2]:
                ...:     print(i)
                1
                2

                [4] y = nope
                cell 4:1:5: error: unknown name 'nope'
                ✗ cell failed

                :reset
                all variables and cell values forgotten; numbering goes on at [5]

                [5] accuracy = 0.9

                [6] print("</script><b>&\\"")
                </script><b>&"

                parameters
                  name  value
                  c     0.5    (--set)

                metrics
                  name      value  cell
                  accuracy  0.95   [6]
                  n         30     [5]

                data
                  path      sha256        size     rows  columns  snapshot
                  data.csv  9c9c9c9c9c9c  3.8 KiB  150   3        not kept

                models
                  cell  estimator  object
                  [5]   logistic   6a6a6a6a6a6a

                environment
                  mlx                0.1.0
                  os                 Debian GNU/Linux 12 (bookworm)
                  kernel             6.8.0
                  cpu                AMD EPYC, 2 cores
                  cpu features       avx2 fma
                  blas               OpenBLAS 0.3.21
                  blas kernel        Haswell
                  blas threads       2
                  OPENBLAS_CORETYPE  not set
                  random generator   xoshiro256**+splitmix64 v1
                  working directory  /work

                git
                  commit        aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                  working tree  dirty: tracked files had uncommitted changes

                """)
    }

    @Test func anInterruptedRunSaysSo() throws {
        var run = try Self.session()
        run.status = .interrupted
        let text = TerminalView.text(run, timeZone: Self.utc)
        #expect(text.contains("  status    interrupted: the process ended before the run finished\n"))
        #expect(text.contains("  duration  2.50 s (to its last recorded cell)\n"))
        #expect(text.contains("\n\n(interrupted: the process ended after 7 recorded cells)\n\n"))
    }

    @Test func markdownIsANotebook() throws {
        let markdown = MarkdownExport.markdown(try Self.session())
        #expect(
            markdown == """
                # run #7

                |  |  |
                | --- | --- |
                | id | 0123456789ab |
                | from | repl |
                | status | error: a syntax or runtime error stopped it (exit 3) |
                | started | 2025-06-15 15:06:40 +00:00 |
                | duration | 2.50 s |

                **[1]**

                ```mlx
                param c = 0.5
                ```

                **[2]**

                ```mlx
                data = load "data.csv"
                ```

                **[3]**

                ```mlx
                for i in [1, 2]:
                    print(i)
                ```

                ```
                1
                2
                ```

                **[4]** ✗ failed

                ```mlx
                y = nope
                ```

                ```
                cell 4:1:5: error: unknown name 'nope'
                ```

                **:reset**

                ```
                all variables and cell values forgotten; numbering goes on at [5]
                ```

                **[5]**

                ```mlx
                accuracy = 0.9
                ```

                **[6]**

                ```mlx
                print("</script><b>&\\"")
                ```

                ```
                </script><b>&"
                ```

                ## parameters

                | name | value |  |
                | --- | --- | --- |
                | c | 0.5 | (--set) |

                ## metrics

                | name | value | cell |
                | --- | --- | --- |
                | accuracy | 0.95 | [6] |
                | n | 30 | [5] |

                ## data

                | path | sha256 | size | rows | columns | snapshot |
                | --- | --- | --- | --- | --- | --- |
                | data.csv | 9c9c9c9c9c9c | 3.8 KiB | 150 | 3 | not kept |

                ## models

                | cell | estimator | object |
                | --- | --- | --- |
                | [5] | logistic | 6a6a6a6a6a6a |

                ## environment

                |  |  |
                | --- | --- |
                | mlx | 0.1.0 |
                | os | Debian GNU/Linux 12 (bookworm) |
                | kernel | 6.8.0 |
                | cpu | AMD EPYC, 2 cores |
                | cpu features | avx2 fma |
                | blas | OpenBLAS 0.3.21 |
                | blas kernel | Haswell |
                | blas threads | 2 |
                | OPENBLAS_CORETYPE | not set |
                | random generator | xoshiro256**+splitmix64 v1 |
                | working directory | /work |

                ## git

                |  |  |
                | --- | --- |
                | commit | aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa |
                | working tree | dirty: tracked files had uncommitted changes |

                """)
    }

    @Test func markdownFencesOutlastBackticksAndTablesKeepTheirCells() {
        #expect(MarkdownExport.fenced("a ``` b ```` c", info: "") == "`````\na ``` b ```` c\n`````")
        #expect(MarkdownExport.table(headings: ["x"], rows: [["a|b\n<i>"]]) == "| x |\n| --- |\n| a\\|b &lt;i> |")
    }

    @Test func aSessionExportsAsTheScriptOfItsCellsSinceTheLastReset() throws {
        #expect(
            ScriptExport.script(try Self.session()) == """
                # mlx run #7 (repl, started 2025-06-15 15:06:40 +00:00, id 0123456789ab)
                # 2 cells; 4 left out (failed, or before the last :reset); run it with `mlx run`
                accuracy = 0.9
                print("</script><b>&\\"")

                """)
    }

    @Test func aScriptExportsAsExactlyItsSource() throws {
        var run = try Self.session()
        run.kind = .script
        run.script = "a.mlx"
        run.source = "# no trailing newline\nx = 1"
        #expect(ScriptExport.script(run) == "# no trailing newline\nx = 1")
    }

    @Test func aScriptRunWithSetExportsWithItsValuesWrittenIn() throws {
        var run = try Self.session()
        run.kind = .script
        run.source = "param c = 1.0 # regularisation\r\nparam name = \"a\"\r\nparam k = 3\r\nprint(c, name, k)"
        run.parameters = [
            .init(name: "c", value: "0.5", overridden: true), .init(name: "name", value: "\"b c\"", overridden: true),
            .init(name: "k", value: "3", overridden: false),
        ]
        #expect(ScriptExport.script(run) == """
            param c = 0.5 # regularisation  # --set c; the script says 1.0\r
            param name = "b c"  # --set name; the script says "a"\r
            param k = 3\r
            print(c, name, k)
            """)
        run.source = "param scale = (1 +\n    2)\nparam rate = 1.0\nprint(scale, rate)\n"
        run.parameters = [.init(name: "scale", value: "4", overridden: true), .init(name: "rate", value: "nan", overridden: true)]
        #expect(ScriptExport.script(run) == """
            param scale = 4  # --set scale; the script says (1 + 2)

            param rate = 1.0  # the run had --set rate=nan, which has no literal to write here
            print(scale, rate)

            """, "a default over two lines keeps the lines after it in place; nan has no literal")
    }

    @Test func htmlEscapesEverythingTheRunPrinted() throws {
        var run = try Self.session()
        run.script = "<img src=x onerror=alert(1)>.mlx"
        run.kind = .script
        let html = HTMLExport.html(run)
        #expect(html.hasPrefix("<!DOCTYPE html>\n"))
        #expect(!html.contains("</script><b>"))
        #expect(!html.contains("<img"))
        #expect(html.contains("<pre class=\"output\">\n&lt;/script&gt;&lt;b&gt;&amp;&quot;</pre>"))
        #expect(html.contains("print(&quot;&lt;/script&gt;&lt;b&gt;&amp;\\&quot;&quot;)"))
        #expect(html.contains("<section class=\"cell failed\">"))
        #expect(MarkupEscaping.escape("</script><b>&\"'\u{1}") == "&lt;/script&gt;&lt;b&gt;&amp;&quot;&apos;\u{FFFD}")
    }

    @Test func notebookIsNbformat4WithOneCodeCellPerRecordedCell() throws {
        let data = try NotebookExport.notebook(try Self.session())
        let notebook = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(notebook["nbformat"] as? Int == 4)
        #expect(notebook["nbformat_minor"] as? Int == 5)
        let metadata = try #require(notebook["metadata"] as? [String: Any])
        #expect((metadata["kernelspec"] as? [String: Any])?["name"] as? String == "mlx")
        #expect((metadata["language_info"] as? [String: Any])?["name"] as? String == "mlx")
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        #expect(cells.map { $0["cell_type"] as? String } == ["markdown"] + Array(repeating: "code", count: 7) + ["markdown"])
        #expect(Set(cells.compactMap { $0["id"] as? String }).count == cells.count)
        #expect(cells[1...7].map { $0["execution_count"] as? Int } == [1, 2, 3, 4, nil, 5, 6])
        #expect(cells[5].keys.contains("execution_count"), "a code cell without a number has a null count, not none")
        #expect(cells[3]["source"] as? [String] == ["for i in [1, 2]:\n", "    print(i)"])
        let loop = try #require((cells[3]["outputs"] as? [[String: Any]])?.first)
        #expect(loop["output_type"] as? String == "stream")
        #expect(loop["name"] as? String == "stdout")
        #expect(loop["text"] as? [String] == ["1\n", "2\n"])
        #expect(((cells[4]["outputs"] as? [[String: Any]])?.first)?["name"] as? String == "stderr")
        #expect((cells[1]["outputs"] as? [Any])?.isEmpty == true)
        #expect(!cells[0].keys.contains("outputs") && !cells[0].keys.contains("execution_count"))
        #expect((cells[8]["source"] as? [String])?.joined().contains("| accuracy | 0.95 | [6] |") == true)
    }

    @Test func everyFormatExports() throws {
        let run = try Self.session()
        for format in ExportFormat.allCases {
            #expect(try !format.export(run).isEmpty, "\(format)")
        }
    }
}
