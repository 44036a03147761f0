// Sample documents to try. Each sample is one node: one or more documents with their paths.

export const samples = [
  {
    id: "kubelet-config",
    title: "Kubelet config.yaml with anonymous access",
    documents: [
      {
        name: "/var/lib/kubelet/config.yaml",
        content: `# Temporarily allow anonymous access while debugging metrics scraping
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: true
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: AlwaysAllow
cgroupDriver: systemd
clusterDNS:
- 10.96.0.10
clusterDomain: cluster.local
rotateCertificates: true
staticPodPath: /etc/kubernetes/manifests
`,
      },
    ],
  },
  {
    id: "ps-ef",
    title: "ps -ef line of a kubelet without --config",
    documents: [
      {
        name: "ps.txt",
        content: `UID          PID    PPID  C STIME TTY          TIME CMD
root        1043       1  2 Mar03 ?        01:12:45 /usr/local/bin/kubelet --kubeconfig=/var/lib/kubelet/kubeconfig --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --register-node=true --v=2
`,
      },
    ],
  },
  {
    id: "kubeadm-node",
    title: "kubeadm node: systemd drop-in, flags env, config.yaml",
    documents: [
      {
        name: "/usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf",
        content: `# Note: This dropin only works with kubeadm and kubelet v1.11+
[Service]
Environment="KUBELET_KUBECONFIG_ARGS=--bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf"
Environment="KUBELET_CONFIG_ARGS=--config=/var/lib/kubelet/config.yaml"
EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env
EnvironmentFile=-/etc/default/kubelet
ExecStart=
ExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS
`,
      },
      {
        name: "/var/lib/kubelet/kubeadm-flags.env",
        content: `KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.10"
`,
      },
      {
        name: "/etc/default/kubelet",
        content: `KUBELET_EXTRA_ARGS="--anonymous-auth=true"
`,
      },
      {
        name: "/var/lib/kubelet/config.yaml",
        content: `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
cgroupDriver: systemd
`,
      },
    ],
  },
  {
    id: "apiserver-pod",
    title: "kube-apiserver static Pod with AlwaysAllow",
    documents: [
      {
        name: "/etc/kubernetes/manifests/kube-apiserver.yaml",
        content: `apiVersion: v1
kind: Pod
metadata:
  labels:
    component: kube-apiserver
    tier: control-plane
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - name: kube-apiserver
    image: registry.k8s.io/kube-apiserver:v1.31.4
    command:
    - kube-apiserver
    - --advertise-address=192.168.56.10
    - --allow-privileged=true
    - --authorization-mode=AlwaysAllow
    - --client-ca-file=/etc/kubernetes/pki/ca.crt
    - --enable-admission-plugins=NodeRestriction
    - --etcd-servers=https://127.0.0.1:2379
    - --secure-port=6443
    - --service-account-issuer=https://kubernetes.default.svc.cluster.local
    - --service-account-key-file=/etc/kubernetes/pki/sa.pub
    - --service-cluster-ip-range=10.96.0.0/12
    - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt
    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key
  hostNetwork: true
  priorityClassName: system-node-critical
`,
      },
    ],
  },
  {
    id: "kubeadm-init",
    title: "kubeadm init config (v1beta4) with kubelet and apiserver args",
    documents: [
      {
        name: "kubeadm-config.yaml",
        content: `apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
nodeRegistration:
  criSocket: unix:///var/run/containerd/containerd.sock
  kubeletExtraArgs:
  - name: anonymous-auth
    value: "true"
---
apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
kubernetesVersion: v1.32.0
apiServer:
  extraArgs:
  - name: authorization-mode
    value: Node,RBAC
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: systemd
`,
      },
    ],
  },
];
