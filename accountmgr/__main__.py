from accountmgr.cli import main

main()
