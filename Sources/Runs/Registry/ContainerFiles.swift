/// The files that put a bundle into a container and onto a cluster: a
/// Dockerfile that runs `mlx serve` on the bundle, and Kubernetes manifests
/// with resource requests and probes on the server's health endpoints.
enum ContainerFiles {
    /// The port `mlx serve` listens on inside the container.
    static let port = 8000
    /// The unprivileged user the server runs as.
    static let userID = 10001

    /// `mlx-<name>`: the Deployment, Service and image name.
    static func resourceName(_ manifest: BundleManifest) -> String { "mlx-\(manifest.name)" }

    static func dockerfile(_ manifest: BundleManifest) -> String {
        let run = manifest.lineage.run.map { " from run #\($0)" } ?? ""
        return """
            # mlx model bundle: \(manifest.name) version \(manifest.version) (\(manifest.estimator))\(run).
            # Build context: this folder with an mlx binary copied in, built with
            #   swift build -c release --static-swift-stdlib
            # then: docker build -t \(resourceName(manifest)):\(manifest.version) .
            FROM debian:bookworm-slim
            # The release in the base image's tag fixes the library versions; pinning exact
            # package versions would break the build when Debian replaces them with security fixes.
            # hadolint ignore=DL3008
            RUN apt-get update \\
                && apt-get install -y --no-install-recommends libopenblas0-pthread liblapacke libedit2 libsqlite3-0 libssl3 \\
                && rm -rf /var/lib/apt/lists/*
            RUN useradd --system --uid \(userID) --no-create-home --shell /usr/sbin/nologin mlx
            COPY mlx /usr/local/bin/mlx
            COPY bundle.json model.json checksums.sha256 /bundle/
            USER \(userID)
            EXPOSE \(port)
            ENTRYPOINT ["/usr/local/bin/mlx", "serve", "--bundle", "/bundle", "--host", "0.0.0.0", "--port", "\(port)"]

            """
    }

    /// A Deployment whose memory request grows with the model's size.
    static func deployment(_ manifest: BundleManifest, modelBytes: Int) -> String {
        let name = resourceName(manifest)
        let memoryRequest = 64 + (3 * modelBytes + (1 << 20) - 1) / (1 << 20)
        return """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: \(name)
              labels:
                app.kubernetes.io/name: \(name)
                app.kubernetes.io/version: "\(manifest.version)"
                app.kubernetes.io/managed-by: mlx
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app.kubernetes.io/name: \(name)
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: \(name)
                    app.kubernetes.io/version: "\(manifest.version)"
                spec:
                  securityContext:
                    runAsNonRoot: true
                    runAsUser: \(userID)
                  containers:
                    - name: model
                      image: \(name):\(manifest.version)
                      imagePullPolicy: IfNotPresent
                      ports:
                        - name: http
                          containerPort: \(port)
                      resources:
                        requests:
                          cpu: 100m
                          memory: \(memoryRequest)Mi
                        limits:
                          cpu: "2"
                          memory: \(memoryRequest * 4)Mi
                      readinessProbe:
                        httpGet:
                          path: /v2/health/ready
                          port: http
                        initialDelaySeconds: 1
                        periodSeconds: 5
                      livenessProbe:
                        httpGet:
                          path: /v2/health/live
                          port: http
                        initialDelaySeconds: 3
                        periodSeconds: 10
                      securityContext:
                        allowPrivilegeEscalation: false
                        readOnlyRootFilesystem: true
                        capabilities:
                          drop: ["ALL"]

            """
    }

    static func service(_ manifest: BundleManifest) -> String {
        let name = resourceName(manifest)
        return """
            apiVersion: v1
            kind: Service
            metadata:
              name: \(name)
              labels:
                app.kubernetes.io/name: \(name)
                app.kubernetes.io/managed-by: mlx
            spec:
              type: ClusterIP
              selector:
                app.kubernetes.io/name: \(name)
              ports:
                - name: http
                  port: 80
                  targetPort: http

            """
    }
}
